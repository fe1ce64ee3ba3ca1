using Microsoft.Extensions.Logging;

namespace EFiling.Review;

/// <summary>The officers' part of the sweep (Background.OutboxSweeper): completes decisions whose history row, notice or
/// audit entry a crash left unwritten (<see cref="PendingDecisions"/> marks them until <see cref="ReviewFollowUps"/> ran).</summary>
public sealed class ReviewSweep(PendingDecisions pendingDecisions, ReviewFollowUps reviewFollowUps, ILogger<ReviewSweep> logger)
{
    /// <summary>Completes the decisions marked before <paramref name="cutoff"/> (later ones finish on their own).</summary>
    public async Task CompleteAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        foreach (var mark in await pendingDecisions.ListAsync(ct))
        {
            if (mark.MarkedAtUtc > cutoff) continue;
            // Idempotent: when nothing was missing (a lost race left the mark), this writes nothing.
            if (await reviewFollowUps.CompleteRecordedAsync(mark.FilingId, ct))
                logger.LogInformation("Sweep: follow-ups of the decision on filing {Id} checked", mark.FilingId);
            await pendingDecisions.ClearAsync(mark.FilingId, mark.ETag, ct);
        }
    }
}
