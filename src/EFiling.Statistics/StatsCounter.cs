using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using EFiling.Storage;

namespace EFiling.Statistics;

/// <summary>
/// Counts an item exactly once in each of its nine nodes (office, province, nation × month, quarter, year).
/// Per node: one entity-group transaction inserts the item marker (and any new distinct-organisation markers) and
/// updates the counter row under its ETag. A duplicate delivery finds its marker and changes nothing; a concurrent
/// writer makes the ETag or a marker insert fail, and we read again and retry. Nodes are independent, so an
/// attempt that stopped half-way is completed by the next delivery.
/// </summary>
public sealed class StatsCounter(StorageClients clients, StorageNames names, IndicatorCatalogue catalogue)
{
    private const int MaxAttempts = 200;
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Tables.Counters);
    // Writers of one process take turns per partition (striped, so memory stays bounded): ETag conflicts, and the
    // retries they cost, are left to writers in other processes. Hot partitions (a nation's year) were most of the cost.
    private readonly SemaphoreSlim[] _partitionTurns = Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    // The counter row as this process last wrote it (values and new ETag), used while holding the partition's turn:
    // if no other process wrote since, the counter need not be read again. A stale copy fails on its ETag and is dropped.
    private readonly ConcurrentDictionary<string, TableEntity> _lastWritten = new();
    private const int MaxRemembered = 50_000;
    // Child rows never change, so each process writes one at most once.
    private readonly ConcurrentDictionary<string, byte> _knownChildren = new();

    /// <summary>How many nodes this call counted the item in (9 the first time, 0 for a duplicate).</summary>
    public sealed record Outcome(int NodesCounted, int NodesAlreadyCounted)
    {
        public bool Duplicate => NodesCounted == 0;
    }

    public async Task<Outcome> CountAsync(CountedItem item, CancellationToken ct = default)
    {
        if (!catalogue.Kinds.TryGetValue(item.Kind, out var kind) || !kind.Channels.Contains(item.Channel))
            throw new ArgumentException($"Item {item.Key}: kind '{item.Kind}' with channel '{item.Channel}' is not in indicators.json.", nameof(item));

        var scopes = GeoScope.Containing(item.Office, catalogue);
        var results = await Task.WhenAll(
            from period in StatsPeriod.Containing(item.Date)
            from scope in scopes
            select CountInNodeAsync(item, period, scope, ct));
        await Task.WhenAll(
            from period in StatsPeriod.Containing(item.Date)
            from scope in scopes.Where(s => s.Level != GeoLevel.Nation)
            select EnsureChildAsync(period, scope, ct));
        var counted = results.Count(r => r);
        return new Outcome(counted, results.Length - counted);
    }

    private async Task<bool> CountInNodeAsync(CountedItem item, StatsPeriod period, GeoScope scope, CancellationToken ct)
    {
        var pk = StatsKeys.Partition(period, scope, StatsKeys.Shard(item.Org, scope.Shards(catalogue.Shards)));
        var itemRow = StatsKeys.ItemRow(item);
        var orgAllRow = StatsKeys.OrgRow(item.Kind, null, item.Org);
        var orgChannelRow = StatsKeys.OrgRow(item.Kind, item.Channel, item.Org);
        var turn = _partitionTurns[(int)((uint)StringComparer.Ordinal.GetHashCode(pk) % (uint)_partitionTurns.Length)];
        for (var attempt = 0; ; attempt++)
        {
            // The first attempt commits straight away: almost every delivery is the first, and a repeat one is told by
            // its item marker (the transaction's first action) already existing. After a failed attempt, look first.
            if (attempt > 0 && await ExistsAsync(pk, itemRow, ct)) return false;
            await turn.WaitAsync(ct);
            try
            {
                await CommitAsync(item, period, scope, pk, itemRow, orgAllRow, orgChannelRow, ct);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 0 && e.Status == 409)
            {
                return false;   // counted here already; the transaction changed nothing, so what we remember still holds
            }
            catch (TableTransactionFailedException) when (attempt < MaxAttempts)
            {
                _lastWritten.TryRemove(pk, out _);
                // A writer in another process got there first (ETag, or a marker it inserted): read again after a jittered pause.
            }
            finally
            {
                turn.Release();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + 5 * Math.Min(attempt, 20))), ct);
        }
    }

    /// <summary>One attempt, holding this process's turn on the partition: read the counter and the organisation's markers, commit.</summary>
    private async Task CommitAsync(CountedItem item, StatsPeriod period, GeoScope scope, string pk,
        string itemRow, string orgAllRow, string orgChannelRow, CancellationToken ct)
    {
        var remembered = _lastWritten.GetValueOrDefault(pk);
        var counter = remembered is null ? _table.GetEntityIfExistsAsync<TableEntity>(pk, StatsKeys.CounterRow, cancellationToken: ct) : null;
        // Two point reads, not one range query over the organisation's markers: a point read is the cheapest request
        // Table storage has, and on Azurite a range query scans the whole table (19 ms against 3 ms at 30,000 rows).
        var orgSeen = ExistsAsync(pk, orgAllRow, ct);
        var orgSeenInChannel = ExistsAsync(pk, orgChannelRow, ct);

        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity(pk, itemRow) { ["Kind"] = item.Kind, ["Channel"] = item.Channel, ["Org"] = item.Org }),
        };
        var newOrg = !await orgSeen;
        var newOrgInChannel = !await orgSeenInChannel;
        if (newOrg) actions.Add(new(TableTransactionActionType.Add, new TableEntity(pk, orgAllRow)));
        if (newOrgInChannel) actions.Add(new(TableTransactionActionType.Add, new TableEntity(pk, orgChannelRow)));

        var current = remembered ?? ((await counter!) is { HasValue: true } read ? read.Value! : null);
        var update = new TableEntity(pk, StatsKeys.CounterRow);
        void Increment(string property)
        {
            var value = current?.GetInt64(property) ?? 0;
            update[property] = value + 1;
        }
        Increment(StatsKeys.Property('D', item.Kind, null));
        Increment(StatsKeys.Property('D', item.Kind, item.Channel));
        if (newOrg) Increment(StatsKeys.Property('O', item.Kind, null));
        if (newOrgInChannel) Increment(StatsKeys.Property('O', item.Kind, item.Channel));
        if (current is null)
        {
            update["Scope"] = scope.Key;
            update["Period"] = period.Key;
            update["Name"] = NameOf(scope, item);
            actions.Add(new(TableTransactionActionType.Add, update));
        }
        else
        {
            // The first item of a shard may have come without the office's name (a CSV row); a later one that has it names the row.
            if (current.GetString("Name") == scope.Code && NameOf(scope, item) is var name && name != scope.Code) update["Name"] = name;
            actions.Add(new(TableTransactionActionType.UpdateMerge, update, current.ETag));
        }

        var responses = await _table.SubmitTransactionAsync(actions, ct);
        Remember(pk, current, update, responses.Value[^1].Headers.ETag);
    }

    private void Remember(string pk, TableEntity? before, TableEntity update, ETag? etag)
    {
        if (etag is null) { _lastWritten.TryRemove(pk, out _); return; }
        if (_lastWritten.Count >= MaxRemembered) _lastWritten.Clear();
        var after = new TableEntity(pk, StatsKeys.CounterRow);
        foreach (var (key, value) in (IEnumerable<KeyValuePair<string, object>>?)before ?? []) after[key] = value;
        foreach (var (key, value) in update) after[key] = value;
        after.ETag = etag.Value;
        _lastWritten[pk] = after;
    }

    private async Task<bool> ExistsAsync(string pk, string rk, CancellationToken ct) =>
        (await _table.GetEntityIfExistsAsync<TableEntity>(pk, rk, select: ["RowKey"], cancellationToken: ct)).HasValue;

    /// <summary>Records that a scope has counts in a period, in its parent's first shard, so a breakdown can list it.</summary>
    private async Task EnsureChildAsync(StatsPeriod period, GeoScope scope, CancellationToken ct)
    {
        var parent = scope.Parent(catalogue)!;
        var pk = StatsKeys.Partition(period, parent, 0);
        var rk = StatsKeys.ChildRow(scope);
        if (_knownChildren.ContainsKey(pk + "/" + rk)) return;
        try
        {
            await _table.AddEntityAsync(new TableEntity(pk, rk) { ["Scope"] = scope.Key }, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409) { }
        _knownChildren.TryAdd(pk + "/" + rk, 0);
    }

    /// <summary>The name shown for a scope: the office's own name, the province's from indicators.json, the nation's.</summary>
    public string NameOf(GeoScope scope, CountedItem? item = null) => scope.Level switch
    {
        GeoLevel.Office => item?.OfficeName is { Length: > 0 } name ? name : scope.Code,
        GeoLevel.Province => catalogue.ProvinceName(scope.Code) ?? scope.Code,
        _ => "Việt Nam",
    };
}
