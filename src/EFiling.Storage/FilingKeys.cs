namespace EFiling.Storage;

/// <summary>
/// How filings are keyed. One place, so the layout is easy to see:
/// <list type="bullet">
/// <item>blob <c>filings/{sha256}.xml</c>: the original bytes, named by content so a byte-identical
///   resubmission finds it and a create-only write decides between two concurrent ones;</item>
/// <item>blob <c>receipts/{id}.xml</c>: the signed receipt;</item>
/// <item>table Filings, PK <c>{office}_{periodKey}</c>, RK <c>{id}</c>: an office's period is one partition;</item>
/// <item>table Filings, PK <c>id_{id}</c>, RK <c>filing</c>: points from an id to its partition;</item>
/// <item>blob <c>notifications/{id}/{step:000}-{result}.xml</c>: the signed decision notices of a filing;</item>
/// <item>table FilingHashes, PK <c>{sha256}</c>, RK <c>filing</c>: points from content to its filing;</item>
/// <item>table FilingHistory, PK <c>{id}</c>, RK <c>{step:000}-{status}</c>: one row per step; RK
///   <c>replaced-{id of the replacing filing}</c>: the filing was replaced by a later original;</item>
/// <item>table Outbox, PK <c>{queue name}</c>, RK <c>{id}</c>: messages not yet known to be enqueued.</item>
/// </list>
/// </summary>
public static class FilingKeys
{
    public const string PointerRowKey = "filing";

    public static string DocumentBlob(string sha256) => $"{sha256}.xml";

    public static string ReceiptBlob(string id) => $"{id}.xml";

    /// <summary>A decision notice: one per decision step, so a redelivered message finds the one it already wrote.</summary>
    public static string NotificationName(int step, string result) => $"{step:000}-{result}";

    public static string NotificationBlob(string id, string name) => $"{id}/{name}.xml";

    public static string FilingPartition(string office, string periodKey) => $"{office}_{periodKey}";

    public static string IdPointerPartition(string id) => $"id_{id}";

    public static string HistoryRow(int step, FilingStatus status) => $"{step:000}-{status}";

    /// <summary>The history row saying a filing was replaced: keyed by the replacing filing, so it is written once.</summary>
    public static string ReplacedHistoryRow(string replacedBy) => $"replaced-{replacedBy}";

    /// <summary>The status shown on that row (not a filing status: the replaced filing keeps its own).</summary>
    public const string ReplacedHistoryStatus = "Replaced";

    /// <summary>A new filing id: a version-7 GUID, so ids sort by creation time.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("N");

    /// <summary>Ids are 32 lower-case hex digits; checked before an id is used in a key or blob name.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: 32 } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
