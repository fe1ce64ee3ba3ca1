using System.Text.Json;
using EFiling.Declarations.Findings;
using EFiling.Intake;
using EFiling.ServiceDefaults;
using EFiling.Statistics;
using EFiling.Storage;

namespace EFiling.Reconciliation;

/// <summary>
/// Handles filings-received messages (the ReconcileFiling function: one at a time under the host, a batch at a time in
/// the standalone listener). The message carries the filing's facts, its verified signer, the findings intake kept
/// and what reconciliation reads of the declaration, so the stored document is not read again: one query gives the
/// filing's row and its siblings (same office, period, taxpayer and form), a few point reads the registries.
/// Exactly-once effects under at-least-once delivery: the one commit point is the ETag-conditional write of the
/// decision into the filing row; the notice (create-only, named by step), the history rows (fixed keys, one
/// transaction) and the mark on a replaced original (<see cref="ReplacedOriginals"/>) follow from that row alone, and
/// the statistics count each filing once (their markers). So a redelivery, a concurrent twin or a crash between writes
/// all end the same way: whoever finds the row decided only completes the missing follow-ups, and a lost race re-reads
/// and does the same. A status change also reaches the vendor's webhooks (<see cref="Webhooks.FilingEvents"/>), among
/// those follow-ups (<see cref="DecisionFollowUps"/>).
/// </summary>
public sealed class FilingReconciler(
    FilingIndex index, DecisionFollowUps followUps, ContextLoader loader, Reconciler reconciler, FaultInjection faults,
    StorageReady storage, TimeProvider time, OnlineFilingCount onlineCount, FilingIntake intake)
{
    /// <summary>What the handler did: Succeeded deletes the message; otherwise it is retried (Deferred: on purpose).</summary>
    public sealed record Outcome(bool Succeeded, IReadOnlyList<string> Logs, bool Deferred = false);

    /// <summary>One message as delivered. <paramref name="Enter"/>: the context its work runs in, when the caller has one
    /// per message (the queue listener's telemetry span and log scope for it).</summary>
    public sealed record Delivery(string Text, long DequeueCount, Func<IDisposable>? Enter = null);

    /// <summary>One message (under the host, one invocation each).</summary>
    public async Task<Outcome> HandleAsync(string messageText, long dequeueCount = 1, CancellationToken ct = default) =>
        (await HandleBatchAsync([new Delivery(messageText, dequeueCount)], ct))[0];

    /// <summary>
    /// A batch of messages: each decided on its own, concurrently, then every filing found counted in the statistics
    /// together (an online filing counts once, whatever the verdict, when its message is handled): one entity-group
    /// transaction per statistics partition for the whole batch instead of one per filing. A message succeeds only once
    /// its filing is counted; if counting fails, every message of the batch is retried (the markers count nothing twice).
    /// </summary>
    public async Task<IReadOnlyList<Outcome>> HandleBatchAsync(IReadOnlyList<Delivery> messages, CancellationToken ct = default)
    {
        await storage.EnsureAsync(ct);
        var handled = await Task.WhenAll(messages.Select(m => DecideLoggedAsync(m, ct)));
        var filings = handled.Select(h => h.Filing).OfType<FilingEntity>().ToList();
        if (filings.Count == 0) return handled.Select(h => h.Outcome).ToList();
        try
        {
            if (await onlineCount.CountAsync(filings, ct)) faults.At(FaultInjection.AfterCount);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return handled.Select(h => h.Filing is null ? h.Outcome
                : h.Outcome with { Succeeded = false, Deferred = false, Logs = [.. h.Outcome.Logs, $"Filing {h.Filing.FilingId} not counted yet ({e.Message}); retry later"] }).ToList();
        }
        return handled.Select(h => h.Outcome).ToList();
    }

    /// <summary>One message's decision, and the filing to count (null when the message names none that exists).</summary>
    private async Task<(Outcome Outcome, FilingEntity? Filing)> DecideLoggedAsync(Delivery delivery, CancellationToken ct)
    {
        using var context = delivery.Enter?.Invoke();
        var logs = new List<string>();
        try
        {
            return await DecideAsync(delivery.Text, delivery.DequeueCount, logs, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logs.Add(e.Message);
            return (new Outcome(false, logs), null);
        }
    }

    private async Task<(Outcome, FilingEntity?)> DecideAsync(string messageText, long dequeueCount, List<string> logs, CancellationToken ct)
    {
        if (Parse(messageText, logs) is not { } message) return (new Outcome(false, logs), null);
        var (found, siblings) = await LoadFilingAsync(message, ct);
        if (found is not { } filing)
        {
            logs.Add($"Filing {message.FilingId} is not indexed yet; retry later");
            return (new Outcome(false, logs), null);
        }
        if (filing.Sha256 != message.Sha256)
        {
            // Another document holds this id (the first 80 bits of two contents' hashes alike, received in the same
            // millisecond): this message is not that filing's, and its own bytes were never acknowledged under it.
            logs.Add($"Filing {filing.FilingId} is the document {filing.Sha256}, not {message.Sha256}; message dropped");
            return (new Outcome(true, logs), null);
        }

        for (var attempt = 0; ; attempt++)
        {
            if (filing.ReviewStep is { } officerStep && officerStep >= filing.LastStep)
            {
                // A redelivery after an officer decided: the latest step's notice, history and audit are the review's
                // (ReviewFollowUps); writing the automated ones under that step would take their fixed keys.
                logs.Add($"Filing {filing.FilingId} was decided by an officer (step {officerStep}); nothing to do");
                return (new Outcome(true, logs), filing);
            }
            if (filing.StatusValue is FilingStatus.Accepted or FilingStatus.Rejected or FilingStatus.NeedsReview)
            {
                await followUps.CompleteAsync(filing, ct);
                logs.Add($"Filing {filing.FilingId} is already {filing.Status}; follow-ups checked");
                return (new Outcome(true, logs), filing);
            }
            if (attempt == 3)
            {
                logs.Add($"Filing {message.FilingId}: concurrent updates, retry later");
                return (new Outcome(false, logs), filing);
            }

            // Received, or Failed and replayed from the poison queue: decide now.
            faults.At(FaultInjection.BeforeDecision);
            var context = await loader.LoadAsync(filing, message.Declaration, siblings, mayWait: dequeueCount < reconciler.Options.WaitAttempts, reconciler.Options.HistoryPeriods, ct);
            var verdict = reconciler.Run(context);
            if (verdict is ReconciliationVerdict.Deferred deferred)
            {
                logs.Add($"Filing {filing.FilingId}: {deferred.Reason} (delivery {dequeueCount}); retry later");
                return (new Outcome(false, logs, Deferred: true), filing);
            }
            var decided = (ReconciliationVerdict.Decided)verdict;
            Record(filing, decided, context.Filing.Figures, time.GetUtcNow());
            if (await index.TryReplaceAsync(filing, ct))
            {
                EFilingTelemetry.DecisionRecorded(filing.Status, filing.ReceivedAtUtc, filing.DecidedAtUtc ?? filing.StatusChangedAtUtc);
                faults.At(FaultInjection.AfterDecision);
                await followUps.CompleteAsync(filing, ct, firstTime: true);
                logs.Add($"Filing {filing.FilingId}: {filing.Status} ({string.Join(", ", decided.Findings.Select(f => f.Code).Distinct())})");
                return (new Outcome(true, logs), filing);
            }
            // Someone else changed the row meanwhile: read it (and its siblings) again.
            (found, siblings) = await ReloadAsync(filing, ct);
            if (found is null) return (new Outcome(false, [.. logs, $"Filing {message.FilingId} vanished; retry later"]), null);
            filing = found;
        }
    }

    /// <summary>
    /// The filing's row and its siblings in one partition query. A message of this version carries the facts, so a row
    /// the intake did not write (it stopped after the message) is written here; a message of an earlier version names
    /// the row only.
    /// </summary>
    private async Task<(FilingEntity? Filing, IReadOnlyList<FilingEntity> Siblings)> LoadFilingAsync(FilingMessage message, CancellationToken ct)
    {
        if (message.Facts is not { } facts)
        {
            if (await index.GetAsync(message.PartitionKey, message.RowKey, ct) is not { } row) return (null, []);
            return (row, await index.ListChainAsync(row.Office, row.PeriodKey, row.Mst, row.Form, ct));
        }
        var chain = await index.ListChainAsync(facts.Office, facts.PeriodKey, facts.Mst, facts.Form, ct);
        if (chain.FirstOrDefault(r => r.FilingId == facts.Id) is { } own) return (own, chain);
        if (message.FindingsJson is { } findings)
        {
            var created = FilingEntity.Create(facts, findings, StoredFindings.Deserialize(findings).Count(f => f.Severity >= Severity.Review));
            if (await index.AddFilingAsync(created, ct)) return (created, chain);
        }
        else await intake.EnsureTakenInAsync(facts, bytes: null, "ReconcileFiling", ct); // the findings did not fit in the message
        return (await index.GetAsync(facts.PartitionKey, facts.Id, ct), chain);
    }

    private async Task<(FilingEntity?, IReadOnlyList<FilingEntity>)> ReloadAsync(FilingEntity filing, CancellationToken ct)
    {
        var chain = await index.ListChainAsync(filing.Office, filing.PeriodKey, filing.Mst, filing.Form, ct);
        return (chain.FirstOrDefault(r => r.FilingId == filing.FilingId), chain);
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
            await followUps.RecordFailedAsync(filing, step, now, reason, ct);
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

    private static FilingMessage? Parse(string messageText, List<string> logs)
    {
        if (FilingMessage.FromJson(messageText) is { } message && FilingKeys.IsValidId(message.FilingId)
            && (message.Facts is null || message.Facts.Id == message.FilingId)) return message;
        logs.Add($"Not a filings-received message: {DecisionFollowUps.Clip(messageText, 200)}");
        return null;
    }
}
