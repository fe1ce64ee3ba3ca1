using Azure.Data.Tables;
using EFiling.Storage;

namespace EFiling.Statistics;

/// <summary>The counts of one node, summed over its shards.</summary>
public sealed record NodeCounts(GeoScope Scope, StatsPeriod Period, string? Name, IReadOnlyDictionary<string, long> Values)
{
    public long Get(string property) => Values.GetValueOrDefault(property);
}

/// <summary>Table reads made to answer one question (the cost of a GET /api/stats).</summary>
public sealed class ReadCost
{
    private int _reads;
    public int Reads => _reads;
    public void Add(int reads) => Interlocked.Add(ref _reads, reads);
}

/// <summary>Reads counters: a node is one point read per shard; the scopes under a node are one partition range query.</summary>
public sealed class StatsReader(StorageClients clients, StorageNames names, IndicatorCatalogue catalogue)
{
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Tables.Counters);

    public async Task<NodeCounts> ReadAsync(GeoScope scope, StatsPeriod period, ReadCost cost, CancellationToken ct = default)
    {
        var shards = scope.Shards(catalogue.Shards);
        cost.Add(shards);
        var rows = await Task.WhenAll(Enumerable.Range(0, shards).Select(async s =>
            await _table.GetEntityIfExistsAsync<TableEntity>(StatsKeys.Partition(period, scope, s), StatsKeys.CounterRow(period), cancellationToken: ct)));
        var values = new Dictionary<string, long>();
        string? name = null;
        foreach (var row in rows.Where(r => r.HasValue).Select(r => r.Value!))
        {
            // Shards are named by their first item; one that knew only the office's code must not hide another's real name.
            if (name is null || name == scope.Code) name = row.GetString("Name") ?? name;
            foreach (var (key, value) in row)
                if (StatsKeys.IsCount(key) && value is long or int)
                    values[key] = values.GetValueOrDefault(key) + Convert.ToInt64(value);
        }
        return new NodeCounts(scope, period, name, values);
    }

    /// <summary>The scopes one level down that have counts in the period.</summary>
    public async Task<IReadOnlyList<GeoScope>> ChildrenAsync(GeoScope scope, StatsPeriod period, ReadCost cost, CancellationToken ct = default)
    {
        var pk = StatsKeys.Partition(period, scope, 0);
        var prefix = StatsKeys.ChildPrefix(period);
        var children = new List<GeoScope>();
        // The prefix ends in '|'; '}' is the next character, so [prefix, …'}') is exactly the rows that start with it.
        await foreach (var page in _table.QueryAsync<TableEntity>(
            $"PartitionKey eq '{pk}' and RowKey ge '{prefix}' and RowKey lt '{prefix[..^1]}}}'", select: ["RowKey"], cancellationToken: ct).AsPages())
        {
            cost.Add(1);
            children.AddRange(page.Values.Select(r => GeoScope.FromKey(r.RowKey[prefix.Length..])));
        }
        return children;
    }
}
