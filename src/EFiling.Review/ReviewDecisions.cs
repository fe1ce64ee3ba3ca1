using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using EFiling.ServiceDefaults;
using EFiling.Storage;

namespace EFiling.Review;

/// <summary>
/// An officer's decision on a filing: accept, reject (with a reason) or ask for a supplementary declaration.
/// The filing row is updated only if it is still the row the officer saw (If-Match ETag): two officers acting at
/// once cannot both win. That update is the commit point, and it records the whole decision in the row
/// (<see cref="RecordedDecision"/>: step, who, reason, status before → after). The follow-ups — history row, signed
/// notice, audit entry — come after it and are written from that record with fixed keys (<see cref="ReviewFollowUps"/>),
/// so a crash between the commit and them is repaired by whichever comes first:
/// <list type="bullet">
/// <item>the officer repeating the request (their If-Match is stale now): the row records this very decision, so
///   the follow-ups are completed and the answer is the one they missed;</item>
/// <item>the next decision on the filing (after a supplementary request): the recorded one is completed before
///   the row is overwritten;</item>
/// <item>the sweep (the host's <c>OutboxSweeper</c>): a mark set before the commit (<see cref="PendingDecisions"/>)
///   and removed after the follow-ups tells it which filings to complete.</item>
/// </list>
/// Like <c>FilingReconciler</c> for automated decisions: one conditional write decides, the rest
/// follows from the row alone.
/// </summary>
public sealed class ReviewDecisions(
    ReviewTables tables, FilingHistory history, ReviewFollowUps followUps, PendingDecisions pending,
    FaultInjection faults, TimeProvider time)
{
    private readonly TableClient _filings = tables.Filings;

    /// <summary>Statuses an officer can decide on; the others are final or not yet reconciled.</summary>
    public static readonly string[] Actionable = [nameof(FilingStatus.NeedsReview), nameof(FilingStatus.Failed)];

    public abstract record Outcome
    {
        public sealed record Done(string Status, string Notice, ETag ETag, int Step) : Outcome;
        public sealed record Stale(string CurrentStatus) : Outcome;
        public sealed record NotActionable(string CurrentStatus) : Outcome;
    }

    public static (FilingStatus Status, string NoticeResult)? Parse(string decision) => decision switch
    {
        "accept" => (FilingStatus.Accepted, "Accepted"),
        "reject" => (FilingStatus.Rejected, "Rejected"),
        // The filing stays with the office (NeedsReview) until the supplementary declaration arrives.
        "supplementary" => (FilingStatus.NeedsReview, "NeedsSupplementary"),
        _ => null,
    };

    public async Task<Outcome> DecideAsync(FilingEntity filing, ETag ifMatch, string decision, string? reason, Reviewer who, CancellationToken ct)
    {
        var (after, result) = Parse(decision) ?? throw new ArgumentException($"Unknown decision '{decision}'.", nameof(decision));
        var recorded = await followUps.ReadAsync(filing, ct);
        if (filing.ETag != ifMatch || !Actionable.Contains(filing.Status))
        {
            // Nothing to decide now. If the row records this very request (a retry after an answer that never
            // arrived), its follow-ups may be missing: complete them and give the answer again.
            if (recorded is not null && recorded.IsSameRequest(decision, reason, who.Name))
                return new Outcome.Done(recorded.StatusAfter, await followUps.CompleteAsync(filing, recorded, ct), filing.ETag, recorded.Step);
            return filing.ETag != ifMatch ? new Outcome.Stale(filing.Status) : new Outcome.NotActionable(filing.Status);
        }

        // A previous decision on this filing (a supplementary request) is about to be overwritten in the row:
        // make sure its follow-ups exist first.
        if (recorded is not null) await followUps.CompleteAsync(filing, recorded, ct);

        var now = time.GetUtcNow();
        var step = await NextStepAsync(filing.FilingId, filing.LastStep, ct);
        var decided = new RecordedDecision(step, decision, result, filing.Status, after.ToString(), who.Name, who.DisplayName, now, reason);
        var update = new TableEntity(filing.PartitionKey, filing.RowKey)
        {
            ["Status"] = after.ToString(), ["StatusChangedAtUtc"] = now, ["LastStep"] = step,
        };
        decided.WriteTo(update);

        // Set before the commit, so a crash right after it leaves the mark for the sweep. If the commit loses to
        // another officer, the mark stays too (the sweep completes the winner's decision, idempotently, and clears it).
        var mark = await pending.MarkAsync(filing.FilingId, now, ct);
        Response response;
        try
        {
            // Merge: the row's other properties (facts, findings, reconciliation's figures) stay as they are.
            response = await _filings.UpdateEntityAsync(update, ifMatch, TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return new Outcome.Stale("changed");
        }

        faults.At(FaultInjection.AfterReviewDecision);
        var notice = await followUps.CompleteAsync(filing, decided, ct);
        await pending.ClearAsync(filing.FilingId, mark, ct);
        return new Outcome.Done(after.ToString(), notice, response.Headers.ETag ?? default, step);
    }

    /// <summary>The step after the last one in the filing's history (and the row's LastStep, when kept).</summary>
    private async Task<int> NextStepAsync(string id, int lastStep, CancellationToken ct)
    {
        var last = (await history.ListAsync(id, ct))
            .Select(h => int.TryParse(h.RowKey.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0)
            .DefaultIfEmpty(1).Max();
        return Math.Max(last, lastStep) + 1;
    }
}
