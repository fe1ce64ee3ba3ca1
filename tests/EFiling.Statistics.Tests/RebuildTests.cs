using Azure.Data.Tables;
using EFiling.Statistics;

namespace EFiling.Statistics.Tests;

/// <summary>`stats rebuild`: a counter that drifted from its sources is reported, fixed, and counting goes on exactly once after.</summary>
public sealed class RebuildTests(StatsStorage storage) : IClassFixture<StatsStorage>
{
    [Fact]
    public async Task Rebuild_reports_a_wrong_counter_and_a_missed_item_and_fixes_both()
    {
        var items = MixedItems.Make(40, seed: 1605).Where(d => d.Item is not null).Select(d => d.Item!).ToList();
        var records = storage.Records();
        var counter = storage.Counter();
        foreach (var item in items) await records.AddAsync(item);
        foreach (var item in items.Skip(1)) await counter.CountAsync(item);   // the first one was stored but never counted

        // Someone edits a counter by hand.
        var table = storage.Clients.Tables.GetTableClient(storage.Names.Tables.Counters);
        var victim = items[5];
        var pk = StatsKeys.Partition(StatsPeriod.OfYear(2025), GeoScope.Nation, StatsKeys.Shard(victim.Org, storage.Indicators.Shards.Nation));
        var rk = StatsKeys.CounterRow(StatsPeriod.OfYear(2025));
        var row = (await table.GetEntityAsync<TableEntity>(pk, rk)).Value;
        var property = StatsKeys.Property('D', victim.Kind, null);
        row[property] = row.GetInt64(property) + 5;
        await table.UpdateEntityAsync(row, row.ETag);

        var report = await storage.Rebuilder().RunAsync(fix: true);
        Assert.Contains(report.Differences, d => d.Partition == pk && d.Row == rk && d.Property == property && d.Actual == d.Expected + 5);
        // The missed item shows in all nine of its nodes (at least its document counts).
        var missed = items[0];
        Assert.Equal(9, report.Differences.Where(d => d.Property == StatsKeys.Property('D', missed.Kind, missed.Channel))
            .Select(d => (d.Partition, d.Row)).Intersect(NodesOf(missed)).Count());
        Assert.Equal(report.Differences.Select(d => d.Partition).Distinct().Count(), report.PartitionsRewritten);

        Assert.Empty((await storage.Rebuilder().RunAsync(fix: false)).Differences);
        // After the fix the markers are back too: the missed item, delivered now, is a duplicate.
        Assert.True((await counter.CountAsync(missed)).Duplicate);
        Assert.Empty((await storage.Rebuilder().RunAsync(fix: false)).Differences);
    }

    private IEnumerable<(string, string)> NodesOf(CountedItem item) =>
        from period in StatsPeriod.Containing(item.Date)
        from scope in GeoScope.Containing(item.Office, storage.Indicators)
        select (StatsKeys.Partition(period, scope, StatsKeys.Shard(item.Org, scope.Shards(storage.Indicators.Shards))), StatsKeys.CounterRow(period));
}
