using EFiling.Statistics;
using EFiling.Storage;

namespace EFiling.Functions.Statistics;

/// <summary>
/// Counts a filing received through the API as online, once, from the queue handler (so intake latency is untouched).
/// Received means durable, so it counts whatever the later verdict; the markers make any redelivery count nothing.
/// </summary>
public sealed class OnlineFilingCount(FilingItems items, StatsCounter counter)
{
    public async Task CountAsync(FilingEntity filing, CancellationToken ct)
    {
        if (items.From(filing) is { } item) await counter.CountAsync(item, ct);
    }
}
