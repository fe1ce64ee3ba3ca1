using Azure.Data.Tables;
using EFiling.Storage;

namespace EFiling.Statistics;

/// <summary>
/// `efiling stats rebuild`: recomputes every counter from the sources (the filing index, counter filings, payments),
/// compares it with the stored counters and reports each difference; with fix, rewrites the partitions that differ
/// (markers and counter, from the sources) and the child rows. Run it while intake is quiet: it reads a snapshot.
/// </summary>
public sealed class StatsRebuilder(StorageClients clients, StorageNames names, IndicatorCatalogue catalogue,
    FilingItems filingItems, ChannelRecords records, StatsCounter counter)
{
    private readonly TableClient _counters = clients.Tables.GetTableClient(names.Tables.Counters);
    private readonly TableClient _filings = clients.Tables.GetTableClient(names.Tables.Filings);

    public sealed record Difference(string Partition, string Property, long Expected, long Actual);

    public sealed record Report(int Items, int Partitions, IReadOnlyList<Difference> Differences, int PartitionsRewritten);

    private sealed class Expected(string scope, string period, string name)
    {
        public string Scope { get; } = scope;
        public string Period { get; } = period;
        public string Name { get; set; } = name;
        public Dictionary<string, long> Counts { get; } = [];
        public HashSet<string> Markers { get; } = [];
    }

    public async Task<Report> RunAsync(bool fix, CancellationToken ct = default)
    {
        var expected = new Dictionary<string, Expected>();
        var children = new HashSet<(string Partition, string Row)>();
        var items = 0;
        await foreach (var item in SourcesAsync(ct))
        {
            items++;
            foreach (var period in StatsPeriod.Containing(item.Date))
            foreach (var scope in GeoScope.Containing(item.Office, catalogue))
            {
                var pk = StatsKeys.Partition(period, scope, StatsKeys.Shard(item.Org, scope.Shards(catalogue.Shards)));
                if (!expected.TryGetValue(pk, out var e)) expected[pk] = e = new Expected(scope.Key, period.Key, counter.NameOf(scope, item));
                if (scope.Level == GeoLevel.Office && item.OfficeName is { Length: > 0 } && e.Name == scope.Code) e.Name = item.OfficeName;
                if (!e.Markers.Add(StatsKeys.ItemRow(item))) continue;
                Add(e, StatsKeys.Property('D', item.Kind, null));
                Add(e, StatsKeys.Property('D', item.Kind, item.Channel));
                if (e.Markers.Add(StatsKeys.OrgRow(item.Kind, null, item.Org))) Add(e, StatsKeys.Property('O', item.Kind, null));
                if (e.Markers.Add(StatsKeys.OrgRow(item.Kind, item.Channel, item.Org))) Add(e, StatsKeys.Property('O', item.Kind, item.Channel));
                if (scope.Parent(catalogue) is { } parent)
                    children.Add((StatsKeys.Partition(period, parent, 0), StatsKeys.ChildRow(scope)));
            }
        }

        var actual = new Dictionary<string, Dictionary<string, long>>();
        await foreach (var row in _counters.QueryAsync<TableEntity>($"RowKey eq '{StatsKeys.CounterRow}'", cancellationToken: ct))
            actual[row.PartitionKey] = row.Where(p => StatsKeys.IsCount(p.Key)).ToDictionary(p => p.Key, p => Convert.ToInt64(p.Value));

        var differences = new List<Difference>();
        foreach (var pk in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            var want = expected.TryGetValue(pk, out var e) ? e.Counts : [];
            var have = actual.GetValueOrDefault(pk) ?? [];
            foreach (var property in want.Keys.Union(have.Keys).Order(StringComparer.Ordinal))
                if (want.GetValueOrDefault(property) != have.GetValueOrDefault(property))
                    differences.Add(new Difference(pk, property, want.GetValueOrDefault(property), have.GetValueOrDefault(property)));
        }

        var rewritten = 0;
        if (fix)
        {
            foreach (var pk in differences.Select(d => d.Partition).Distinct())
            {
                await RewriteAsync(pk, expected.GetValueOrDefault(pk), ct);
                rewritten++;
            }
            foreach (var (pk, rk) in children)
                await _counters.UpsertEntityAsync(new TableEntity(pk, rk) { ["Scope"] = rk[StatsKeys.ChildPrefix.Length..] }, TableUpdateMode.Merge, ct);
        }
        return new Report(items, expected.Count, differences, rewritten);
    }

    private static void Add(Expected e, string property) => e.Counts[property] = e.Counts.GetValueOrDefault(property) + 1;

    private async IAsyncEnumerable<CountedItem> SourcesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // Filing rows only: the id pointers in the same table have RowKey "filing".
        await foreach (var filing in _filings.QueryAsync<FilingEntity>($"RowKey ne '{FilingKeys.PointerRowKey}'", cancellationToken: ct))
            if (filingItems.From(filing) is { } item) yield return item;
        await foreach (var item in records.ListAsync(ct)) yield return item;
    }

    /// <summary>Replaces a partition's markers and counter with the recomputed ones (child rows stay).</summary>
    private async Task RewriteAsync(string pk, Expected? e, CancellationToken ct)
    {
        var old = new List<TableTransactionAction>();
        await foreach (var existing in _counters.QueryAsync<TableEntity>($"PartitionKey eq '{pk}'", select: ["RowKey"], cancellationToken: ct))
            if (!existing.RowKey.StartsWith(StatsKeys.ChildPrefix, StringComparison.Ordinal))
                old.Add(new(TableTransactionActionType.Delete, new TableEntity(pk, existing.RowKey)));
        foreach (var batch in old.Chunk(100)) await _counters.SubmitTransactionAsync(batch, ct);
        if (e is null) return;

        var writes = e.Markers.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(pk, m))).ToList();
        var row = new TableEntity(pk, StatsKeys.CounterRow) { ["Scope"] = e.Scope, ["Period"] = e.Period, ["Name"] = e.Name };
        foreach (var (property, value) in e.Counts) row[property] = value;
        writes.Add(new(TableTransactionActionType.UpsertReplace, row));
        foreach (var batch in writes.Chunk(100)) await _counters.SubmitTransactionAsync(batch, ct);
    }
}
