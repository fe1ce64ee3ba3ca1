using EFiling.IntakeChecks;
using EFiling.Declarations.Findings;
using EFiling.ServiceDefaults;
using EFiling.Storage;
using EFiling.Validation;

namespace EFiling.Intake;

/// <summary>
/// What follows the document blob (which is the filing's durable record: its bytes, and its facts in metadata):
/// the filings-received message, carrying the facts, the kept findings and what reconciliation reads of the
/// declaration, then the filing row. The row comes after the message, so a filing with a row always has its message
/// (queued, or in the outbox while the queue is down); a crash before the row is healed by the message (reconciliation
/// writes the row it finds missing), a crash before the message by the resubmission of the same bytes
/// (<see cref="EnsureTakenInAsync"/>), which the client makes since it got no answer.
/// </summary>
public sealed class FilingIntake(
    FilingIndex index, Outbox outbox, FilingQueue queue, DocumentStore documents, DeclarationChecks checks, FaultInjection faults,
    ILogger<FilingIntake> logger)
{
    /// <summary>The message (to the queue; to the outbox when the queue does not take it), then the row. Throws only when
    /// neither the queue nor the outbox took the message: then nothing is acknowledged.</summary>
    public async Task TakeInAsync(FilingFacts facts, IReadOnlyList<Finding> keptFindings, DeclarationFacts? declaration, CancellationToken ct = default)
    {
        var (json, reviewCount) = StoredFindings.Serialize(keptFindings);
        var message = declaration is null
            ? new FilingMessage(facts.Id, facts.PartitionKey, facts.Id, facts.Sha256) { Facts = facts, FindingsJson = json }
            : FilingMessage.For(facts, json, declaration);
        await SendAsync(message, ct);
        faults.At(FaultInjection.AfterMessage);
        try
        {
            await index.AddFilingAsync(FilingEntity.Create(facts, json, reviewCount), ct);
        }
        catch (Exception e) when (e.IsStorageFailure())
        {
            // Acknowledged all the same: the blob and the message hold everything, and reconciliation writes the row.
            logger.LogWarning(e, "Filing {Id} stored and queued but its row not written yet; reconciliation writes it", facts.Id);
        }
    }

    private async Task SendAsync(FilingMessage message, CancellationToken ct)
    {
        try
        {
            await queue.EnqueueAsync(message, ct);
        }
        catch (Exception e) when (e.IsStorageFailure())
        {
            logger.LogWarning(e, "Filing {Id}: the queue did not take its message; kept in the outbox until the sweep sends it", message.FilingId);
            await outbox.AddAsync(message, ct);
        }
    }

    /// <summary>
    /// Makes sure a stored filing (its bytes received again; a row an earlier version left in the outbox) is taken in.
    /// A filing with a row has its message (the row is written after it): nothing to do. Otherwise the message and the
    /// row are made again, with the findings a submission keeps, from the bytes checked again as of their receipt time
    /// (review and warn findings; a reject-level one means trust or rules changed since the bytes were acknowledged,
    /// and is only logged). A second message for a filing whose first is still queued is harmless. The bytes are given by
    /// a resubmission, otherwise read from the blob; who (Resubmission, Sweep, ReconcileFiling) is for the log.
    /// </summary>
    public async Task EnsureTakenInAsync(FilingFacts owner, ReadOnlyMemory<byte>? bytes, string who, CancellationToken ct = default)
    {
        if (await index.GetAsync(owner.PartitionKey, owner.Id, ct) is not null) return;
        var content = bytes ?? (await documents.ReadDocumentAsync(owner.Sha256, ct))?.ToMemory()
            ?? throw new InvalidOperationException($"The document of filing {owner.Id} is missing.");
        var verdict = checks.Check(content, owner.ReceivedAtUtc);
        if (!verdict.IsValid)
            logger.LogWarning("{Who}: filing {Id} no longer passes intake ({Codes}); completed as received", who,
                owner.Id, string.Join(", ", verdict.Findings.Where(f => f.Severity == Severity.Reject).Select(f => f.Code).Distinct()));
        await TakeInAsync(owner, SubmissionService.KeptFindings(verdict), DeclarationFactsReader.Read(verdict), ct);
        // A filing of an earlier version (its id does not name its document) is found by id through a pointer row.
        if (!FilingKeys.NamesContent(owner.Id, owner.Sha256)) await index.AddIdPointerAsync(owner, ct);
        logger.LogInformation("{Who}: filing {Id} completed from its stored document", who, owner.Id);
    }
}
