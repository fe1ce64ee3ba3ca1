using EFiling.Declarations.Findings;
using EFiling.Receipts;
using EFiling.ServiceDefaults;
using EFiling.Storage;

namespace EFiling.Reconciliation;

/// <summary>What follows reconciliation's decision once the filing row records it — the signed notice, the mark on a
/// replaced original, the vendor's webhooks, the history row — and the webhook and history row of a filing marked Failed. Every write has a fixed key
/// (create-only or idempotent), so a redelivery completes what a crash left out and never writes anything twice.</summary>
public sealed class DecisionFollowUps(Notices notices, ReplacedOriginals replaced, FilingHistory history, FaultInjection faults, Webhooks.FilingEvents events)
{
    /// <summary>The follow-ups of a stored decision, each safe to repeat: the signed notice, the mark on a replaced
    /// original, then the history rows (last, so a filing whose history shows its decision has all its follow-ups).</summary>
    public async Task CompleteAsync(FilingEntity filing, CancellationToken ct, bool firstTime = false)
    {
        var findings = StoredFindings.Deserialize(filing.FindingsJson);
        var status = filing.StatusValue;
        // NeedsReview waits for an officer's decision; only a decided acceptance or refusal is notified.
        if (status is FilingStatus.Accepted or FilingStatus.Rejected)
            await notices.CreateAsync(NoticeDocument.For(filing, findings), ct);
        if (firstTime) faults.At(FaultInjection.AfterNotice);
        await replaced.MarkAsync(filing, ct);
        // The vendor's webhooks (none without a function key: no request). Repeated with the other follow-ups; the
        // delivery log sends each change once.
        await events.PublishAsync(Webhooks.StatusEvent.Of(filing.ToFacts(), status, filing.LastStep, filing.DecidedAtUtc ?? filing.StatusChangedAtUtc), ct);
        await history.AddDecisionAsync(filing.FilingId, filing.ReceivedAtUtc, filing.LastStep, status,
            filing.DecidedAtUtc ?? filing.StatusChangedAtUtc, Note(findings, filing.DaysLate), ct);
    }

    /// <summary>Who decided and why, for the history row.</summary>
    private static string Note(IReadOnlyList<Finding> findings, int daysLate)
    {
        var codes = findings.GroupBy(f => f.Code).Select(g => $"{g.Key} ({g.First().Severity.ToString().ToLowerInvariant()})");
        var why = findings.Count == 0 ? "no findings" : string.Join(", ", codes);
        return Clip($"{NoticeDocument.Decider}: {why}{(daysLate > 0 ? $"; {daysLate} day(s) late" : "")}");
    }

    public async Task RecordFailedAsync(FilingEntity filing, int step, DateTimeOffset now, string reason, CancellationToken ct)
    {
        await events.PublishAsync(Webhooks.StatusEvent.Of(filing.ToFacts(), FilingStatus.Failed, step, now), ct);
        await history.AddDecisionAsync(filing.FilingId, filing.ReceivedAtUtc, step, FilingStatus.Failed, now,
            Clip($"ReconcileFiling failed on every delivery; message moved to the poison queue ({reason})"), ct);
    }

    /// <summary>A history note or a log line, cut to a length a table property and a log reader take.</summary>
    public static string Clip(string s, int max = 1000) => s.Length <= max ? s : s[..max] + "…";
}
