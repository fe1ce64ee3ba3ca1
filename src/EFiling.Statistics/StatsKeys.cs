using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EFiling.Statistics;

/// <summary>
/// The Counters table layout. A node is (period, scope); one partition holds a scope's month, quarter and year nodes of
/// one year (every item counts in the three periods of its date, all in one year), split into shards:
/// <list type="bullet">
/// <item>PK <c>{year}|{scope}|{shard:00}</c>, e.g. <c>2025|office:10100|00</c>;</item>
/// <item>RK <c>counter|{periodKey}</c>: a node's counts (properties <c>D_{kind}[_{channel}]</c> documents,
///   <c>O_{kind}[_{channel}]</c> distinct organisations) and the scope's name;</item>
/// <item>RK <c>item|{source}:{id}</c>: this item was counted here, in all three of its periods (the duplicate guard);</item>
/// <item>RK <c>org|{mst}|{kind}|{channel or *}|{periodKey}</c>: this organisation was counted here in that period (the
///   distinct guard); an organisation's markers are one key range;</item>
/// <item>RK <c>child|{periodKey}|{scope}</c> in shard 00 of a province or the nation: a scope one level down that has counts.</item>
/// </list>
/// Markers and the counters they guard share a partition, so counting an item (or a batch of items) in a partition is
/// one entity-group transaction: three partitions per item (office, province shard, nation shard), not nine.
/// The shard is chosen by the organisation's MST, so its distinct markers always land in the same partition.
/// </summary>
public static class StatsKeys
{
    public const string CounterPrefix = "counter|";
    public const string AllChannels = "*";

    public static string Partition(int year, GeoScope scope, int shard) => $"{year:0000}|{scope.Key}|{shard:00}";

    /// <summary>The partition a node of <paramref name="period"/> lives in.</summary>
    public static string Partition(StatsPeriod period, GeoScope scope, int shard) => Partition(period.Year, scope, shard);

    public static string CounterRow(StatsPeriod period) => CounterPrefix + period.Key;

    public static int Shard(string org, int shards) =>
        shards <= 1 ? 0 : (int)(BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(org))) % (uint)shards);

    public static string ItemRow(CountedItem item) => $"item|{item.Key}";

    public static string OrgPrefix(string org) => $"org|{org}|";

    public static string OrgRow(StatsPeriod period, string kind, string? channel, string org) => $"{OrgPrefix(org)}{kind}|{channel ?? AllChannels}|{period.Key}";

    public static string ChildPrefix(StatsPeriod period) => $"child|{period.Key}|";

    public static string ChildRow(StatsPeriod period, GeoScope child) => ChildPrefix(period) + child.Key;

    /// <summary>The counter property of documents (D) or distinct organisations (O) of a kind, for one channel or all.</summary>
    public static string Property(char unit, string kind, string? channel) =>
        channel is null ? $"{unit}_{kind}" : $"{unit}_{kind}_{channel.Replace('-', '_')}";

    public static bool IsCount(string property) => property.Length > 2 && property[0] is 'D' or 'O' && property[1] == '_';
}
