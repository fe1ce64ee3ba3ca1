using EFiling.Functions.Hosting;
using EFiling.Storage;

namespace EFiling.Functions.Filings;

/// <summary>
/// Handles a filings-received message (the ReconcileFiling function). For now: load the filing, decide
/// Accepted or NeedsReview from its stored findings, record the step in its history. The full reconciliation
/// (taxpayer registry, supplementary chains, deadlines) extends <see cref="DecideAsync"/>.
/// Idempotent: a filing that has left Received is left alone, so a repeated message changes nothing.
/// </summary>
public sealed class FilingReconciler(FilingIndex index, FilingHistory history, StorageReady storage, TimeProvider time, Statistics.OnlineFilingCount onlineCount)
{
    /// <summary>The history step this stage writes (step 1 is Received).</summary>
    public const int Step = 2;

    public sealed record Outcome(bool Succeeded, IReadOnlyList<string> Logs);

    public async Task<Outcome> HandleAsync(string messageText, CancellationToken ct = default)
    {
        var logs = new List<string>();
        if (FilingMessage.FromJson(messageText) is not { } message || !FilingKeys.IsValidId(message.FilingId))
        {
            logs.Add($"Not a filings-received message: {Truncate(messageText)}");
            return new Outcome(false, logs);
        }

        await storage.EnsureAsync(ct);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var filing = await index.GetAsync(message.PartitionKey, message.RowKey, ct);
            if (filing is null)
            {
                logs.Add($"Filing {message.FilingId} is not indexed yet; retry later");
                return new Outcome(false, logs);
            }
            // Online share (issue 5): count the received filing once as online; a redelivery counts nothing.
            await onlineCount.CountAsync(filing, ct);
            if (filing.StatusValue != FilingStatus.Received)
            {
                logs.Add($"Filing {filing.FilingId} is already {filing.Status}; nothing to do");
                return new Outcome(true, logs);
            }

            var (status, note) = await DecideAsync(filing, ct);
            var now = time.GetUtcNow();
            // History first: if the status update then fails, the retry finds the same row (same key) and goes on.
            await history.AddAsync(filing.FilingId, Step, status, now, note, ct);
            if (await index.TryUpdateStatusAsync(filing, status, now, ct))
            {
                logs.Add($"Filing {filing.FilingId}: {status}");
                return new Outcome(true, logs);
            }
            // Someone changed the row since we read it: read again and decide again.
        }
        logs.Add($"Filing {message.FilingId}: concurrent updates, retry later");
        return new Outcome(false, logs);
    }

    /// <summary>The verdict for a received filing. Review-level findings need an officer; otherwise accepted.</summary>
    private static Task<(FilingStatus Status, string Note)> DecideAsync(FilingEntity filing, CancellationToken ct)
    {
        _ = ct;
        return Task.FromResult(filing.ReviewFindings > 0
            ? (FilingStatus.NeedsReview, $"{filing.ReviewFindings} finding(s) need review")
            : (FilingStatus.Accepted, "No finding needs review"));
    }

    private static string Truncate(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
