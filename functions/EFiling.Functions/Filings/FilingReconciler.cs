using System.Text.Json;
using EFiling.Declarations.Findings;
using EFiling.Functions.Hosting;
using EFiling.Functions.Notifications;
using EFiling.Functions.Reconciliation;
using EFiling.Functions.Telemetry;
using EFiling.Reconciliation;
using EFiling.Storage;

namespace EFiling.Functions.Filings;

/// <summary>
/// Handles a filings-received message (the ReconcileFiling function, under the host and in the standalone listener).
/// Exactly-once effects under at-least-once delivery: the one commit point is the ETag-conditional write of the
/// decision into the filing row; the notice (create-only, named by step) and the history row (fixed key) follow
/// from that row alone, and so does marking the original a second original replaces (<see cref="ReplacedOriginals"/>).
/// So a redelivery, a concurrent twin or a crash between writes all end the same way: whoever finds the row decided
/// only completes the missing follow-ups, and a lost race re-reads and does the same.
/// </summary>
public sealed class FilingReconciler(
    FilingIndex index, FilingHistory history, NotificationStore notices, NoticeDocument noticeDocument, ContextLoader loader,
    Reconciler reconciler, FaultInjection faults, StorageReady storage, TimeProvider time, Statistics.OnlineFilingCount onlineCount,
    ReplacedOriginals replaced)
{
    /// <summary>What the handler did: Succeeded deletes the message; otherwise it is retried (Deferred: on purpose).</summary>
    public sealed record Outcome(bool Succeeded, IReadOnlyList<string> Logs, bool Deferred = false);

    public async Task<Outcome> HandleAsync(string messageText, long dequeueCount = 1, CancellationToken ct = default)
    {
        var logs = new List<string>();
        if (Parse(messageText, logs) is not { } message) return new Outcome(false, logs);

        await storage.EnsureAsync(ct);
        // Online share (issue 5): the filing is counted once as online, whatever the verdict (a redelivery counts
        // nothing). Counting writes nine nodes, several times the cost of deciding, so it runs alongside the decision
        // instead of before it; the message succeeds only once both are done, so a failed count is retried.
        Task? counting = null;
        try
        {
            return await DecideAsync(message, dequeueCount, logs, filing => counting ??= onlineCount.CountAsync(filing, ct), ct);
        }
        finally
        {
            if (counting is not null) await counting;
        }
    }

    private async Task<Outcome> DecideAsync(FilingMessage message, long dequeueCount, List<string> logs, Func<FilingEntity, Task> count, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var filing = await index.GetAsync(message.PartitionKey, message.RowKey, ct);
            if (filing is null)
            {
                logs.Add($"Filing {message.FilingId} is not indexed yet; retry later");
                return new Outcome(false, logs);
            }
            _ = count(filing);
            if (filing.ReviewStep is { } officerStep && officerStep >= filing.LastStep)
            {
                // A redelivery after an officer decided: the latest step's notice, history and audit are the review's
                // (ReviewFollowUps); writing the automated ones under that step would take their fixed keys.
                logs.Add($"Filing {filing.FilingId} was decided by an officer (step {officerStep}); nothing to do");
                return new Outcome(true, logs);
            }
            if (filing.StatusValue is FilingStatus.Accepted or FilingStatus.Rejected or FilingStatus.NeedsReview)
            {
                await CompleteAsync(filing, ct);
                logs.Add($"Filing {filing.FilingId} is already {filing.Status}; follow-ups checked");
                return new Outcome(true, logs);
            }

            // Received, or Failed and replayed from the poison queue: decide now.
            faults.At(FaultInjection.BeforeDecision);
            var context = await loader.LoadAsync(filing, mayWait: dequeueCount < reconciler.Options.WaitAttempts, reconciler.Options.HistoryPeriods, ct);
            var verdict = reconciler.Run(context);
            if (verdict is ReconciliationVerdict.Deferred deferred)
            {
                logs.Add($"Filing {filing.FilingId}: {deferred.Reason} (delivery {dequeueCount}); retry later");
                return new Outcome(false, logs, Deferred: true);
            }
            var decided = (ReconciliationVerdict.Decided)verdict;
            Record(filing, decided, context.Filing.Figures, time.GetUtcNow());
            if (!await index.TryReplaceAsync(filing, ct)) continue; // someone else decided meanwhile: read again
            EFilingTelemetry.DecisionRecorded(filing.Status, filing.ReceivedAtUtc, filing.DecidedAtUtc ?? filing.StatusChangedAtUtc);

            faults.At(FaultInjection.AfterDecision);
            await CompleteAsync(filing, ct, firstTime: true);
            logs.Add($"Filing {filing.FilingId}: {filing.Status} ({string.Join(", ", decided.Findings.Select(f => f.Code).Distinct())})");
            return new Outcome(true, logs);
        }
        logs.Add($"Filing {message.FilingId}: concurrent updates, retry later");
        return new Outcome(false, logs);
    }

    /// <summary>
    /// The last allowed delivery failed: the filing becomes Failed (visible to officers, history says why) before the
    /// message goes to the poison queue. A decided filing is left as it is. Throws when storage fails: callers must
    /// still let the message go to the poison queue.
    /// </summary>
    public async Task<IReadOnlyList<string>> MarkFailedAsync(string messageText, string reason, CancellationToken ct = default)
    {
        var logs = new List<string>();
        if (Parse(messageText, logs) is not { } message) return logs;
        faults.At(FaultInjection.BeforeMarkFailed);
        await storage.EnsureAsync(ct);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var filing = await index.GetAsync(message.PartitionKey, message.RowKey, ct);
            if (filing is null || filing.StatusValue != FilingStatus.Received)
            {
                logs.Add($"Filing {message.FilingId} is {filing?.Status ?? "not indexed"}; not marked Failed");
                return logs;
            }
            var now = time.GetUtcNow();
            var step = Math.Max(filing.LastStep, 1) + 1;
            filing.Status = nameof(FilingStatus.Failed);
            filing.StatusChangedAtUtc = now;
            filing.LastStep = step;
            if (!await index.TryReplaceAsync(filing, ct)) continue;
            await history.AddAsync(filing.FilingId, step, FilingStatus.Failed, now, Clip($"ReconcileFiling failed on every delivery; message moved to the poison queue ({reason})"), ct);
            logs.Add($"Filing {filing.FilingId}: Failed");
            return logs;
        }
        return logs;
    }

    /// <summary>Writes the decision into the row (not yet stored): status, step, every finding, days late, figures, and
    /// the original it replaces.</summary>
    private static void Record(FilingEntity filing, ReconciliationVerdict.Decided decided, IReadOnlyDictionary<string, long> figures, DateTimeOffset now)
    {
        var (json, needOfficer) = StoredFindings.Serialize(decided.Findings);
        filing.Status = decided.Status.ToString();
        filing.StatusChangedAtUtc = now;
        filing.DecidedAtUtc = now;
        filing.LastStep = Math.Max(filing.LastStep, 1) + 1;
        filing.FindingsJson = json;
        filing.ReviewFindings = needOfficer;
        filing.DaysLate = decided.DaysLate;
        filing.FiguresJson = JsonSerializer.Serialize(figures);
        filing.Replaces = decided.Replaces;
    }

    /// <summary>The follow-ups of a stored decision, each safe to repeat: the signed notice, the mark on a replaced
    /// original, then the history row (last, so a filing whose history shows its decision has all its follow-ups).</summary>
    private async Task CompleteAsync(FilingEntity filing, CancellationToken ct, bool firstTime = false)
    {
        var findings = StoredFindings.Deserialize(filing.FindingsJson);
        var status = filing.StatusValue;
        // NeedsReview waits for an officer's decision; only a decided acceptance or refusal is notified.
        if (status is FilingStatus.Accepted or FilingStatus.Rejected)
            await notices.CreateAsync(filing.FilingId, FilingKeys.NotificationName(filing.LastStep, filing.Status),
                () => noticeDocument.Create(filing, filing.Status, findings), ct);
        if (firstTime) faults.At(FaultInjection.AfterNotice);
        await replaced.MarkAsync(filing, ct);
        await history.AddAsync(filing.FilingId, filing.LastStep, status, filing.DecidedAtUtc ?? filing.StatusChangedAtUtc, Note(findings, filing.DaysLate), ct);
    }

    /// <summary>Who decided and why, for the history row.</summary>
    private static string Note(IReadOnlyList<Finding> findings, int daysLate)
    {
        var codes = findings.GroupBy(f => f.Code).Select(g => $"{g.Key} ({g.First().Severity.ToString().ToLowerInvariant()})");
        var why = findings.Count == 0 ? "no findings" : string.Join(", ", codes);
        return Clip($"{NoticeDocument.Decider}: {why}{(daysLate > 0 ? $"; {daysLate} day(s) late" : "")}");
    }

    private static FilingMessage? Parse(string messageText, List<string> logs)
    {
        if (FilingMessage.FromJson(messageText) is { } message && FilingKeys.IsValidId(message.FilingId)) return message;
        logs.Add($"Not a filings-received message: {Clip(messageText, 200)}");
        return null;
    }

    private static string Clip(string s, int max = 1000) => s.Length <= max ? s : s[..max] + "…";
}
