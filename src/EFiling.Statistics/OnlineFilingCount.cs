using EFiling.Storage;

namespace EFiling.Statistics;

/// <summary>
/// Counts filings received through the API as online, once each, from the queue handler (so intake latency is untouched).
/// Received means durable, so a filing counts whatever the later verdict; the markers make any redelivery count nothing.
/// A batch's filings are counted together: those that share a statistics partition share its transaction.
/// </summary>
public sealed class OnlineFilingCount(FilingItems items, StatsCounter counter)
{
    /// <summary>True when anything was counted for the first time.</summary>
    public async Task<bool> CountAsync(IReadOnlyList<FilingEntity> filings, CancellationToken ct)
    {
        var counted = filings.Select(items.From).OfType<CountedItem>().DistinctBy(i => i.Key).ToList();
        if (counted.Count == 0) return false;
        var outcomes = await counter.CountAsync(counted, ct);
        return outcomes.Any(o => o.NodesCounted > 0);
    }
}
