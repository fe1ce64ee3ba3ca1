using EFiling.Declarations.Findings;
using EFiling.Functions.Receipts;
using EFiling.Storage;

namespace EFiling.Functions.Filings;

/// <summary>
/// Everything that follows storing the original bytes (whose outbox row was written before them), in an order that
/// makes every crash recoverable and every step safe to repeat: receipt blob → filing row → history row → id and hash
/// pointers (the hash pointer marks "indexed") → queue message → outbox row removed. The submission, a concurrent
/// duplicate and the sweep all call this; whoever comes first does the work, the others find it done.
/// </summary>
public sealed class FilingCompleter(
    DocumentStore documents, FilingIndex index, FilingHistory history, Outbox outbox, FilingQueue queue,
    ReceiptDocument receipts, ILogger<FilingCompleter> logger)
{
    /// <summary>The stored receipt, made and stored first if missing.</summary>
    public Task<BinaryData> ReceiptOfAsync(FilingFacts facts, CancellationToken ct = default) =>
        documents.EnsureReceiptAsync(facts.Id, () => receipts.Create(facts), ct);

    /// <summary>
    /// Completes the filing and returns its receipt. Throws only when the receipt cannot be stored (then nothing is
    /// acknowledged); later failures are logged and left to the sweep, because the filing is already durable.
    /// </summary>
    public async Task<BinaryData> CompleteAsync(FilingFacts facts, IReadOnlyList<Finding> findings, CancellationToken ct = default)
    {
        var receipt = await documents.EnsureReceiptAsync(facts.Id, () => receipts.Create(facts), ct, readFirst: false);
        try
        {
            await IndexAsync(facts, findings, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Filing {Id} stored but not yet indexed; the sweep will complete it", facts.Id);
            return receipt;
        }
        await TryEnqueueAsync(facts, ct);
        return receipt;
    }

    private async Task IndexAsync(FilingFacts facts, IReadOnlyList<Finding> findings, CancellationToken ct)
    {
        var (json, reviewCount) = StoredFindings.Serialize(findings);
        await index.AddFilingAsync(FilingEntity.Create(facts, json, reviewCount), ct);
        await history.AddAsync(facts.Id, 1, FilingStatus.Received, facts.ReceivedAtUtc, "Received and acknowledged", ct);
        await index.AddPointersAsync(facts, ct);
    }

    /// <summary>Sends the filings-received message; on failure the outbox row stays and the sweep sends it later.</summary>
    public async Task<bool> TryEnqueueAsync(FilingFacts facts, CancellationToken ct = default)
    {
        try
        {
            await queue.EnqueueAsync(FilingMessage.For(facts), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Filing {Id} acknowledged but not yet enqueued; kept in the outbox", facts.Id);
            return false;
        }
        try
        {
            await outbox.RemoveAsync(facts.Id, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The message was sent; a second one from the sweep is harmless (reconciliation is idempotent).
            logger.LogWarning(e, "Filing {Id} enqueued but its outbox row remains", facts.Id);
        }
        return true;
    }
}
