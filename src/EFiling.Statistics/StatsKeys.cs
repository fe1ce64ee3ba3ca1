using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EFiling.Statistics;

/// <summary>
/// The Counters table layout. One node = (period, scope); it is split into shards, each its own partition:
/// <list type="bullet">
/// <item>PK <c>{periodKey}|{scope}|{shard:00}</c>, e.g. <c>2025-M07|office:10100|00</c>;</item>
/// <item>RK <c>counter</c>: the counts (properties <c>D_{kind}[_{channel}]</c> documents, <c>O_{kind}[_{channel}]</c>
///   distinct organisations) and the scope's name;</item>
/// <item>RK <c>item|{source}:{id}</c>: this item was counted here (the duplicate guard);</item>
/// <item>RK <c>org|{mst}|{kind}|{channel or *}</c>: this organisation was counted here (the distinct guard), read
///   with point reads;</item>
/// <item>RK <c>child|{scope}</c> in shard 00 of a province or the nation: a scope one level down that has counts.</item>
/// </list>
/// A marker and the counter it guards always share a partition, so they commit in one entity-group transaction.
/// The shard is chosen by the organisation's MST, so its distinct marker always lands in the same partition.
/// </summary>
public static class StatsKeys
{
    public const string CounterRow = "counter";
    public const string ChildPrefix = "child|";
    public const string AllChannels = "*";

    public static string Partition(StatsPeriod period, GeoScope scope, int shard) => $"{period.Key}|{scope.Key}|{shard:00}";

    public static int Shard(string org, int shards) =>
        shards <= 1 ? 0 : (int)(BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(org))) % (uint)shards);

    public static string ItemRow(CountedItem item) => $"item|{item.Key}";

    public static string OrgRow(string kind, string? channel, string org) => $"org|{org}|{kind}|{channel ?? AllChannels}";

    public static string ChildRow(GeoScope child) => ChildPrefix + child.Key;

    /// <summary>The counter property of documents (D) or distinct organisations (O) of a kind, for one channel or all.</summary>
    public static string Property(char unit, string kind, string? channel) =>
        channel is null ? $"{unit}_{kind}" : $"{unit}_{kind}_{channel.Replace('-', '_')}";

    public static bool IsCount(string property) => property.Length > 2 && property[0] is 'D' or 'O' && property[1] == '_';
}
