using EFiling.Storage;

namespace EFiling.Reconciliation;

/// <summary>
/// A second original filed before the deadline replaces the earlier one: this marks the earlier filing (ReplacedBy on
/// its row, a "Replaced by {id}" history row) so that its own status page says so. It is one of the follow-ups of the
/// replacing filing's decision (see <see cref="FilingReconciler"/>): it reads only that decided row, and both writes
/// are safe to repeat (the mark is set once under an ETag; the history row's key names the replacing filing).
/// </summary>
public sealed class ReplacedOriginals(FilingIndex index, FilingHistory history, ILogger<ReplacedOriginals> logger)
{
    public async Task MarkAsync(FilingEntity replacing, CancellationToken ct)
    {
        if (replacing.Replaces is not { } earlier) return;
        // Originals of one period share the replacing filing's partition (office and period).
        if (!await index.TryMarkReplacedAsync(replacing.PartitionKey, earlier, replacing.FilingId, ct))
        {
            logger.LogWarning("Filing {Earlier} is missing or already replaced by another filing; {Id} does not mark it", earlier, replacing.FilingId);
            return;
        }
        await history.AddReplacedAsync(earlier, replacing.FilingId, replacing.DecidedAtUtc ?? replacing.StatusChangedAtUtc, ct);
    }
}
