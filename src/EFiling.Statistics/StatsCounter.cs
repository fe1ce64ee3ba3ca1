using System.Collections.Concurrent;
using System.Net;
using Azure;
using Azure.Data.Tables;
using EFiling.Storage;
using Polly;
using Polly.Retry;

namespace EFiling.Statistics;

/// <summary>
/// Counts items exactly once in each of their nine nodes (office, province, nation × month, quarter, year). The three
/// periods of a scope share a partition (<see cref="StatsKeys"/>), so an item is counted with three entity-group
/// transactions, and the items of one call — or of calls made at the same moment, as a batch of queue messages does —
/// that share a partition share its transaction: each inserts its item marker (and the organisations' distinct markers
/// not seen before) and updates the three counters under their ETags. A duplicate delivery finds its marker and changes
/// nothing; a concurrent writer in another process makes an ETag or a marker insert fail, and only what failed is read
/// again. Partitions are independent, so an attempt that stopped half-way is completed by the next delivery.
/// </summary>
public sealed class StatsCounter(StorageClients clients, StorageNames names, IndicatorCatalogue catalogue)
{
    private const int MaxAttempts = 200;
    private const int MaxActions = 100;
    private const int MaxRemembered = 100_000;
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Tables.Counters);
    // Writers of one process take turns per partition (striped, so memory stays bounded); whoever has the turn commits
    // every item waiting for that stripe, which is how concurrent callers end up sharing transactions.
    private readonly Stripe[] _stripes = Enumerable.Range(0, 1024).Select(_ => new Stripe()).ToArray();
    // The counter rows as this process last wrote or read them (values and ETag): a counter need not be read before it
    // is updated; a stale copy fails on its ETag and is read again.
    private readonly ConcurrentDictionary<(string Pk, string Rk), TableEntity> _counters = new();
    // Distinct-organisation markers known to exist (markers are never removed but by a rebuild, which rewrites them).
    private readonly ConcurrentDictionary<(string Pk, string Rk), byte> _knownMarkers = new();
    // Child rows never change, so each process writes one at most once.
    private readonly ConcurrentDictionary<string, byte> _knownChildren = new();

    /// <summary>How many nodes a call counted the item in (9 the first time, 0 for a duplicate).</summary>
    public sealed record Outcome(int NodesCounted, int NodesAlreadyCounted)
    {
        public bool Duplicate => NodesCounted == 0;
    }

    public async Task<Outcome> CountAsync(CountedItem item, CancellationToken ct = default) => (await CountAsync([item], ct))[0];

    /// <summary>Counts every item; an item given twice counts once (the second is a duplicate).</summary>
    public async Task<IReadOnlyList<Outcome>> CountAsync(IReadOnlyList<CountedItem> items, CancellationToken ct = default)
    {
        foreach (var item in items)
            if (!catalogue.Kinds.TryGetValue(item.Kind, out var kind) || !kind.Channels.Contains(item.Channel))
                throw new ArgumentException($"Item {item.Key}: kind '{item.Kind}' with channel '{item.Channel}' is not in indicators.json.", nameof(items));

        // One entry per item and partition of its: the office's, the province shard's and the nation shard's.
        var entries = (
            from item in items
            let periods = StatsPeriod.Containing(item.Date)
            from scope in GeoScope.Containing(item.Office, catalogue)
            select new Entry(item, scope, periods, StatsKeys.Partition(item.Date.Year, scope, StatsKeys.Shard(item.Org, scope.Shards(catalogue.Shards))))).ToList();
        foreach (var e in entries) StripeOf(e.Pk).Pending.Enqueue(e);
        await Task.WhenAll(entries.Select(e => StripeOf(e.Pk)).Distinct().Select(s => DriveAsync(s, ct)));
        // Cancelled while another caller has the turn: what it commits of ours is counted, and a redelivery finds it so.
        var counted = await Task.WhenAll(entries.Select(e => e.Done.Task)).WaitAsync(ct);

        await Task.WhenAll(entries.Where(e => e.Scope.Level != GeoLevel.Nation)
            .SelectMany(e => e.Periods.Select(p => (Period: p, e.Scope))).Distinct()
            .Select(c => EnsureChildAsync(c.Period, c.Scope, ct)));
        // Three periods per partition; an item given twice is counted by its first entry in each partition.
        var perItem = entries.Zip(counted).GroupBy(x => x.First.Item, ReferenceEqualityComparer.Instance)
            .ToDictionary(g => g.Key!, g => g.Count(x => x.Second) * 3, ReferenceEqualityComparer.Instance);
        return items.Select(i => new Outcome(perItem[i], 3 * 3 - perItem[i])).ToList();
    }

    private Stripe StripeOf(string pk) => _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(pk) % (uint)_stripes.Length)];

    /// <summary>Takes the stripe's turn and commits whatever is waiting in it, until nothing is; never throws (each
    /// entry's outcome or failure goes to its caller).</summary>
    private async Task DriveAsync(Stripe stripe, CancellationToken ct)
    {
        while (!stripe.Pending.IsEmpty)
        {
            try { await stripe.Turn.WaitAsync(ct); }
            catch (OperationCanceledException) { return; }
            var taken = new List<Entry>();
            try
            {
                while (stripe.Pending.TryDequeue(out var e)) taken.Add(e);
                foreach (var partition in taken.GroupBy(e => e.Pk))
                {
                    try { await CommitPartitionAsync(partition.Key, partition.ToList(), ct); }
                    catch (Exception ex)
                    {
                        foreach (var e in partition) e.Done.TrySetException(ex);
                    }
                }
            }
            finally
            {
                stripe.Turn.Release();
            }
        }
    }

    /// <summary>Commits the entries of one partition, as few transactions as fit in 100 actions each.</summary>
    private async Task CommitPartitionAsync(string pk, List<Entry> entries, CancellationToken ct)
    {
        // The same item twice: counted once, by its first entry.
        var pending = new List<Entry>();
        foreach (var group in entries.GroupBy(e => e.Item.Key))
        {
            pending.Add(group.First());
            foreach (var repeat in group.Skip(1)) repeat.Done.TrySetResult(false);
        }
        // Each pass commits what it can; a pass that another writer got in the way of (an ETag, a row made or removed)
        // is tried again by Polly after a short random pause, which grows with the attempts.
        await Retry.ExecuteAsync(async token =>
        {
            while (pending.Count > 0) await CommitOnceAsync(pk, pending, token);
        }, ct);
    }

    private static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<TableTransactionFailedException>(),
            MaxRetryAttempts = MaxAttempts,
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + 5 * Math.Min(args.AttemptNumber, 20)))),
        })
        .Build();

    /// <summary>One transaction of the pending entries. Committed entries, and duplicates found, leave the pending list;
    /// throws (for <see cref="Retry"/>) when another writer changed what the plan relied on, after forgetting or reading
    /// again what it must.</summary>
    private async Task CommitOnceAsync(string pk, List<Entry> pending, CancellationToken ct)
    {
        var plan = PlanOf(pk, pending);
        try
        {
            var responses = await _table.SubmitTransactionAsync(plan.Actions, ct);
            Committed(pk, plan, responses.Value);
            foreach (var e in plan.Entries) e.Done.TrySetResult(true);
            pending.RemoveAll(plan.Entries.Contains);
        }
        catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex is { } index && index < plan.Actions.Count)
        {
            var failed = plan.Actions[index].Entity;
            if (plan.ItemOf.TryGetValue(failed.RowKey, out var duplicate) && e.Status == (int)HttpStatusCode.Conflict)
            {
                // Counted here already (a redelivery): this entry changes nothing, the others go on.
                duplicate.Done.TrySetResult(false);
                pending.Remove(duplicate);
                return;
            }
            if (failed.RowKey.StartsWith("org|", StringComparison.Ordinal) && e.Status == (int)HttpStatusCode.Conflict)
            {
                // An organisation counted here before (by another process, or before a restart): learn its markers.
                await LearnMarkersAsync(pk, failed.RowKey, ct);
                return;
            }
            // A counter another writer changed (ETag), made (insert) or removed: read it again.
            await ReadCounterAsync(pk, failed.RowKey, ct);
            throw;
        }
        catch (TableTransactionFailedException)
        {
            foreach (var rk in plan.Counters.Keys) _counters.TryRemove((pk, rk), out _);
            throw;
        }
    }

    /// <summary>One transaction's worth of the pending entries: their item markers, the distinct markers not known to
    /// exist, and the three counters with every increment.</summary>
    private Plan PlanOf(string pk, List<Entry> pending)
    {
        var plan = new Plan();
        var newMarkers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in pending)
        {
            var markers = entry.Periods.SelectMany(p => new[] { StatsKeys.OrgRow(p, entry.Item.Kind, null, entry.Item.Org), StatsKeys.OrgRow(p, entry.Item.Kind, entry.Item.Channel, entry.Item.Org) })
                .Where(m => !newMarkers.Contains(m) && !_knownMarkers.ContainsKey((pk, m))).ToList();
            // Room for this entry's rows and every counter row of the plan (items of other months add their own).
            var newCounters = entry.Periods.Count(p => !plan.Counters.ContainsKey(StatsKeys.CounterRow(p)));
            if (plan.Entries.Count > 0 && plan.Actions.Count + plan.Counters.Count + 1 + markers.Count + newCounters > MaxActions) break;
            plan.Entries.Add(entry);
            var itemRow = StatsKeys.ItemRow(entry.Item);
            plan.ItemOf[itemRow] = entry;
            plan.Actions.Add(new(TableTransactionActionType.Add, new TableEntity(pk, itemRow) { ["Kind"] = entry.Item.Kind, ["Channel"] = entry.Item.Channel, ["Org"] = entry.Item.Org }));
            foreach (var marker in markers)
            {
                newMarkers.Add(marker);
                plan.Markers.Add(marker);
                plan.Actions.Add(new(TableTransactionActionType.Add, new TableEntity(pk, marker)));
            }
            foreach (var period in entry.Periods)
            {
                var counter = plan.Counter(StatsKeys.CounterRow(period), () => _counters.GetValueOrDefault((pk, StatsKeys.CounterRow(period))), entry, period, this);
                counter.Increment(StatsKeys.Property('D', entry.Item.Kind, null));
                counter.Increment(StatsKeys.Property('D', entry.Item.Kind, entry.Item.Channel));
                if (markers.Contains(StatsKeys.OrgRow(period, entry.Item.Kind, null, entry.Item.Org))) counter.Increment(StatsKeys.Property('O', entry.Item.Kind, null));
                if (markers.Contains(StatsKeys.OrgRow(period, entry.Item.Kind, entry.Item.Channel, entry.Item.Org))) counter.Increment(StatsKeys.Property('O', entry.Item.Kind, entry.Item.Channel));
                counter.Name(entry.Item);
            }
        }
        foreach (var counter in plan.Counters.Values)
            plan.Actions.Add(counter.Current is null
                ? new(TableTransactionActionType.Add, counter.Update)
                : new(TableTransactionActionType.UpdateMerge, counter.Update, counter.Current.ETag));
        return plan;
    }

    /// <summary>After a committed transaction: the counters as now stored (for the next update without a read), and the
    /// markers now known to exist.</summary>
    private void Committed(string pk, Plan plan, IReadOnlyList<Response> responses)
    {
        if (_counters.Count >= MaxRemembered) _counters.Clear();
        if (_knownMarkers.Count >= MaxRemembered) _knownMarkers.Clear();
        foreach (var marker in plan.Markers) _knownMarkers[(pk, marker)] = 0;
        foreach (var (action, response) in plan.Actions.Zip(responses))
        {
            if (!plan.Counters.TryGetValue(action.Entity.RowKey, out var counter)) continue;
            if (response.Headers.ETag is not { } etag) { _counters.TryRemove((pk, counter.Update.RowKey), out _); continue; }
            var after = new TableEntity(pk, counter.Update.RowKey);
            foreach (var (key, value) in (IEnumerable<KeyValuePair<string, object>>?)counter.Current ?? []) after[key] = value;
            foreach (var (key, value) in counter.Update) after[key] = value;
            after.ETag = etag;
            _counters[(pk, counter.Update.RowKey)] = after;
        }
    }

    private async Task ReadCounterAsync(string pk, string rk, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: ct);
        if (row.HasValue) _counters[(pk, rk)] = row.Value!;
        else _counters.TryRemove((pk, rk), out _);
    }

    /// <summary>Every distinct marker of the organisation in this partition, in one range query.</summary>
    private async Task LearnMarkersAsync(string pk, string marker, CancellationToken ct)
    {
        var org = marker.Split('|')[1];
        var prefix = StatsKeys.OrgPrefix(org);
        _knownMarkers[(pk, marker)] = 0;
        await foreach (var row in _table.QueryAsync<TableEntity>($"PartitionKey eq '{pk}' and RowKey ge '{prefix}' and RowKey lt '{prefix[..^1]}}}'",
            select: ["RowKey"], cancellationToken: ct))
            _knownMarkers[(pk, row.RowKey)] = 0;
    }

    /// <summary>Records that a scope has counts in a period, in its parent's first shard, so a breakdown can list it.</summary>
    private async Task EnsureChildAsync(StatsPeriod period, GeoScope scope, CancellationToken ct)
    {
        var parent = scope.Parent(catalogue)!;
        var pk = StatsKeys.Partition(period, parent, 0);
        var rk = StatsKeys.ChildRow(period, scope);
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

    private sealed class Stripe
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);
        public ConcurrentQueue<Entry> Pending { get; } = new();
    }

    /// <summary>An item to count in one of its partitions; <see cref="Done"/>: true when counted here by this call.</summary>
    private sealed record Entry(CountedItem Item, GeoScope Scope, IReadOnlyList<StatsPeriod> Periods, string Pk)
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Plan
    {
        public List<Entry> Entries { get; } = [];
        public List<TableTransactionAction> Actions { get; } = [];
        public Dictionary<string, Entry> ItemOf { get; } = new(StringComparer.Ordinal);
        public List<string> Markers { get; } = [];
        public Dictionary<string, CounterUpdate> Counters { get; } = new(StringComparer.Ordinal);

        public CounterUpdate Counter(string rk, Func<TableEntity?> current, Entry entry, StatsPeriod period, StatsCounter counter)
        {
            if (!Counters.TryGetValue(rk, out var update))
                Counters[rk] = update = new CounterUpdate(entry.Pk, rk, current(), entry.Scope, period, counter);
            return update;
        }
    }

    /// <summary>The new values of one counter row: its stored values (when known) plus this transaction's increments.</summary>
    private sealed class CounterUpdate
    {
        private readonly GeoScope _scope;
        private readonly StatsCounter _owner;

        public CounterUpdate(string pk, string rk, TableEntity? current, GeoScope scope, StatsPeriod period, StatsCounter owner)
        {
            Current = current;
            _scope = scope;
            _owner = owner;
            Update = new TableEntity(pk, rk);
            if (current is null)
            {
                Update["Scope"] = scope.Key;
                Update["Period"] = period.Key;
                Update["Name"] = owner.NameOf(scope);
            }
        }

        public TableEntity? Current { get; }
        public TableEntity Update { get; }

        public void Increment(string property) =>
            Update[property] = (Update.TryGetValue(property, out var pending) ? (long)pending : Current?.GetInt64(property) ?? 0) + 1;

        /// <summary>The first item of a shard may have come without the office's name (a CSV row); a later one that has it names the row.</summary>
        public void Name(CountedItem item)
        {
            var known = Update.GetString("Name") ?? Current?.GetString("Name");
            if (known == _scope.Code && _owner.NameOf(_scope, item) is var name && name != _scope.Code) Update["Name"] = name;
        }
    }
}
