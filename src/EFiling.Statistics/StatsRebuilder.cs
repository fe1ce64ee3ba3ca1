using Azure.Data.Tables;
using EFiling.Storage;

namespace EFiling.Statistics;

/// <summary>
/// `efiling stats rebuild`: recomputes every counter from the sources (the filing index, counter filings, payments),
/// compares it with the stored counters and reports each difference; with fix, rewrites the partitions that differ
/// (markers and counters, from the sources) and the child rows. Run it while intake is quiet: it reads a snapshot.
/// Counter rows of an earlier layout (one partition per period, RK <c>counter</c>) show as differences, and a fix
/// removes them: that is how a rebuild with fix moves stored counts to the current layout.
/// </summary>
public sealed class StatsRebuilder(StorageClients clients, StorageNames names, IndicatorCatalogue catalogue,
    FilingItems filingItems, ChannelRecords records, StatsCounter counter)
{
    private readonly TableClient _counters = clients.Tables.GetTableClient(names.Tables.Counters);
    private readonly TableClient _filings = clients.Tables.GetTableClient(names.Tables.Filings);

    /// <param name="Partition">The partition.</param>
    /// <param name="Row">The counter row (one node: a period of the partition's scope).</param>
    public sealed record Difference(string Partition, string Row, string Property, long Expected, long Actual);

    public sealed record Report(int Items, int Partitions, IReadOnlyList<Difference> Differences, int PartitionsRewritten);

    private sealed class Expected
    {
        public Dictionary<string, ExpectedRow> Rows { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Markers { get; } = new(StringComparer.Ordinal);
    }

    private sealed class ExpectedRow(string scope, string period, string name)
    {
        public string Scope { get; } = scope;
        public string Period { get; } = period;
        public string Name { get; set; } = name;
        public Dictionary<string, long> Counts { get; } = [];
    }

    public async Task<Report> RunAsync(bool fix, CancellationToken ct = default)
    {
        var expected = new Dictionary<string, Expected>(StringComparer.Ordinal);
        var children = new HashSet<(string Partition, string Row)>();
        var items = 0;
        await foreach (var item in SourcesAsync(ct))
        {
            items++;
            foreach (var scope in GeoScope.Containing(item.Office, catalogue))
            {
                var pk = StatsKeys.Partition(item.Date.Year, scope, StatsKeys.Shard(item.Org, scope.Shards(catalogue.Shards)));
                if (!expected.TryGetValue(pk, out var e)) expected[pk] = e = new Expected();
                if (!e.Markers.Add(StatsKeys.ItemRow(item))) continue;
                foreach (var period in StatsPeriod.Containing(item.Date))
                {
                    var rk = StatsKeys.CounterRow(period);
                    if (!e.Rows.TryGetValue(rk, out var row)) e.Rows[rk] = row = new ExpectedRow(scope.Key, period.Key, counter.NameOf(scope, item));
                    if (scope.Level == GeoLevel.Office && item.OfficeName is { Length: > 0 } && row.Name == scope.Code) row.Name = item.OfficeName;
                    Add(row, StatsKeys.Property('D', item.Kind, null));
                    Add(row, StatsKeys.Property('D', item.Kind, item.Channel));
                    if (e.Markers.Add(StatsKeys.OrgRow(period, item.Kind, null, item.Org))) Add(row, StatsKeys.Property('O', item.Kind, null));
                    if (e.Markers.Add(StatsKeys.OrgRow(period, item.Kind, item.Channel, item.Org))) Add(row, StatsKeys.Property('O', item.Kind, item.Channel));
                    if (scope.Parent(catalogue) is { } parent)
                        children.Add((StatsKeys.Partition(period, parent, 0), StatsKeys.ChildRow(period, scope)));
                }
            }
        }

        // The counter rows, and those of the earlier layout (RK "counter"): [counter, counter}) holds both.
        var actual = new Dictionary<(string Pk, string Rk), Dictionary<string, long>>();
        await foreach (var row in _counters.QueryAsync<TableEntity>($"RowKey ge 'counter' and RowKey lt 'counter}}'", cancellationToken: ct))
            actual[(row.PartitionKey, row.RowKey)] = row.Where(p => StatsKeys.IsCount(p.Key)).ToDictionary(p => p.Key, p => Convert.ToInt64(p.Value));

        var differences = new List<Difference>();
        var wanted = expected.SelectMany(e => e.Value.Rows.Select(r => (Key: (e.Key, r.Key), r.Value.Counts))).ToDictionary(x => x.Key, x => x.Counts);
        foreach (var key in wanted.Keys.Union(actual.Keys).OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal))
        {
            var want = wanted.GetValueOrDefault(key) ?? [];
            var have = actual.GetValueOrDefault(key) ?? [];
            foreach (var property in want.Keys.Union(have.Keys).Order(StringComparer.Ordinal))
                if (want.GetValueOrDefault(property) != have.GetValueOrDefault(property))
                    differences.Add(new Difference(key.Item1, key.Item2, property, want.GetValueOrDefault(property), have.GetValueOrDefault(property)));
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
                await _counters.UpsertEntityAsync(new TableEntity(pk, rk) { ["Scope"] = rk[(rk.LastIndexOf('|') + 1)..] }, TableUpdateMode.Merge, ct);
        }
        return new Report(items, expected.Count, differences, rewritten);
    }

    private static void Add(ExpectedRow row, string property) => row.Counts[property] = row.Counts.GetValueOrDefault(property) + 1;

    private async IAsyncEnumerable<CountedItem> SourcesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // Filing rows only: the id pointers in the same table have RowKey "filing".
        await foreach (var filing in _filings.QueryAsync<FilingEntity>($"RowKey ne '{FilingKeys.PointerRowKey}'", cancellationToken: ct))
            if (filingItems.From(filing) is { } item) yield return item;
        await foreach (var item in records.ListAsync(ct)) yield return item;
    }

    /// <summary>Replaces a partition's markers and counters with the recomputed ones (child rows stay).</summary>
    private async Task RewriteAsync(string pk, Expected? e, CancellationToken ct)
    {
        var old = new List<TableTransactionAction>();
        await foreach (var existing in _counters.QueryAsync<TableEntity>($"PartitionKey eq '{pk}'", select: ["RowKey"], cancellationToken: ct))
            if (!existing.RowKey.StartsWith("child|", StringComparison.Ordinal))
                old.Add(new(TableTransactionActionType.Delete, new TableEntity(pk, existing.RowKey)));
        foreach (var batch in old.Chunk(100)) await _counters.SubmitTransactionAsync(batch, ct);
        if (e is null) return;

        var writes = e.Markers.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(pk, m))).ToList();
        foreach (var (rk, expected) in e.Rows)
        {
            var row = new TableEntity(pk, rk) { ["Scope"] = expected.Scope, ["Period"] = expected.Period, ["Name"] = expected.Name };
            foreach (var (property, value) in expected.Counts) row[property] = value;
            writes.Add(new(TableTransactionActionType.UpsertReplace, row));
        }
        foreach (var batch in writes.Chunk(100)) await _counters.SubmitTransactionAsync(batch, ct);
    }
}
