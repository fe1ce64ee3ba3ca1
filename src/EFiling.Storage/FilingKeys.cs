namespace EFiling.Storage;

/// <summary>
/// How filings are keyed. One place, so the layout is easy to see:
/// <list type="bullet">
/// <item>blob <c>filings/{sha256}.xml</c>: the original bytes and, in its metadata, the filing's facts: named by content,
///   so a byte-identical resubmission finds it and a create-only write decides between two concurrent ones; the
///   durable record of an acknowledged filing;</item>
/// <item>table Filings, PK <c>{office}_{periodKey}</c>, RK <c>{id}</c>: an office's period is one partition;</item>
/// <item>blob <c>notifications/{id}/{step:000}-{result}.xml</c>: the signed decision notices of a filing;</item>
/// <item>table FilingHistory, PK <c>{id}</c>, RK <c>{step:000}-{status}</c>: one row per step; RK
///   <c>replaced-{id of the replacing filing}</c>: the filing was replaced by a later original;</item>
/// <item>table Outbox, PK <c>{queue name}</c>, RK <c>{id}</c>: a message the queue refused, kept until the sweep sends it.</item>
/// </list>
/// An id names its document (<see cref="IdFor"/>), so there are no pointer rows; filings stored before that have a
/// random id and the pointers of that time (Filings PK <c>id_{id}</c>, FilingHashes PK <c>{sha256}</c>), still read.
/// The receipt is not stored: it is made again from the facts (RSA PKCS#1 v1.5 signatures are deterministic).
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

    /// <summary>
    /// A filing's id: its receipt time in milliseconds since 1970 (12 hex digits, as a version-7 GUID begins, so ids sort
    /// by receipt time) and the first 80 bits of its content's SHA-256 (20 hex digits), so that the id alone finds the
    /// document blob, and with it the facts (<see cref="ContentPrefix"/>). The same bytes received twice keep the first
    /// id: the blob is created once.
    /// </summary>
    public static string IdFor(DateTimeOffset receivedAt, string sha256) =>
        receivedAt.ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture) + sha256[..20];

    /// <summary>Whether the id names this content (false for an id from before ids named their documents).</summary>
    public static bool NamesContent(string id, string sha256) => IsValidId(id) && sha256.StartsWith(ContentPrefix(id), StringComparison.Ordinal);

    /// <summary>The start of the content hash an id carries: the names of the blobs that may be its document begin with it.</summary>
    public static string ContentPrefix(string id) => id[12..];

    /// <summary>Ids are 32 lower-case hex digits; checked before an id is used in a key or blob name.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: 32 } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
