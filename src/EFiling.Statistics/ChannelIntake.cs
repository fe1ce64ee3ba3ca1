namespace EFiling.Statistics;

/// <summary>Records paper filings and payments, then counts them. Storing first means a failure half-way is healed by a resend or a rebuild.</summary>
public sealed class ChannelIntake(ChannelRecords records, StatsCounter counter)
{
    public sealed record Result(int Received, int Counted, int Duplicates);

    public async Task<Result> RecordAsync(IReadOnlyList<CountedItem> items, CancellationToken ct = default)
    {
        var counted = 0;
        // Same item twice in one batch counts once: the markers decide, whatever the order.
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (item, token) =>
        {
            // A resent key counts its first stored content: counted with other fields (another MST) it would land in
            // other shards, whose markers have never seen it, and count twice.
            var stored = await records.AddAsync(item, token) ? item : await records.GetAsync(item, token) ?? item;
            var outcome = await counter.CountAsync(stored, token);
            if (!outcome.Duplicate) Interlocked.Increment(ref counted);
        });
        return new Result(items.Count, counted, items.Count - counted);
    }
}
