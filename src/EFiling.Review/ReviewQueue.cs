using Azure.Data.Tables;
using EFiling.Storage;

namespace EFiling.Review;

/// <summary>
/// The review queue: filings in a reviewer's scope with one status (or late), filtered, a page at a time with the
/// table's own continuation, and counts per queue. Layout choice: no separate status index. The Filings PK starts
/// with the office, so a scope is a few key ranges and status is a server-side filter; that is always consistent
/// with the rows (whoever changes a status, nothing else must be kept in step), at the cost of scanning an
/// office's filings. If offices grow to millions of rows, add an index table PK {office}_{status}.
/// </summary>
public sealed class ReviewQueue(ReviewTables tables)
{
    private readonly TableClient _filings = tables.Filings;
    private static readonly string[] ListColumns =
        ["PartitionKey", "RowKey", "FilingId", "Form", "Mst", "Period", "PeriodKey", "Office", "OfficeName", "Status",
         "StatusChangedAtUtc", "ReceivedAtUtc", "ReviewFindings", "DaysLate", "FilingKind", "AmendmentNumber"];

    // An empty filtered page is normal (the service scanned without a match); follow a few before answering.
    private const int MaxRoundTrips = 5;

    public async Task<(IReadOnlyList<QueueItem> Items, string? NextTableToken)> PageAsync(ReviewScope scope, QueueQuery query, CancellationToken ct)
    {
        if (scope.IsEmpty) return ([], null);
        var filter = Combine([scope.PartitionFilter(), QueueQuery.StatusFilter(query.Status), .. query.FieldFilters()]);
        var items = new List<QueueItem>();
        var token = query.TableToken;
        for (var trip = 0; trip < MaxRoundTrips && items.Count < query.PageSize; trip++)
        {
            var pages = _filings.QueryAsync<TableEntity>(filter, query.PageSize - items.Count, ListColumns, ct).AsPages(token, query.PageSize - items.Count);
            await using var e = pages.GetAsyncEnumerator(ct);
            if (!await e.MoveNextAsync()) { token = null; break; }
            items.AddRange(e.Current.Values.Select(QueueItem.From));
            token = e.Current.ContinuationToken;
            if (token is null) break;
        }
        return (items, token);
    }

    /// <summary>How many filings of the scope and filters are in each queue (one projected scan).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountAsync(ReviewScope scope, QueueQuery query, CancellationToken ct)
    {
        if (scope.IsEmpty) return QueueQuery.Queues.ToDictionary(q => q, _ => 0);
        var any = "(" + string.Join(" or ", QueueQuery.Queues.Select(QueueQuery.StatusFilter)) + ")";
        var filter = Combine([scope.PartitionFilter(), any, .. query.FieldFilters()]);
        var counts = QueueQuery.Queues.ToDictionary(q => q, _ => 0);
        await foreach (var row in _filings.QueryAsync<TableEntity>(filter, 1000, ["Status", "DaysLate"], ct))
        {
            if (row.GetString("Status") is { } status && counts.ContainsKey(status)) counts[status]++;
            if ((row.GetInt32("DaysLate") ?? 0) > 0) counts["Late"]++;
        }
        return counts;
    }

    private static string Combine(IEnumerable<string?> clauses) =>
        string.Join(" and ", clauses.Where(c => !string.IsNullOrEmpty(c)).Select(c => $"({c})"));
}

/// <summary>One row of the queue.</summary>
public sealed record QueueItem(
    string Id, string Form, string Mst, string Period, string PeriodKey, string Office, string? OfficeName, string Status,
    DateTimeOffset? StatusChangedAtUtc, DateTimeOffset? ReceivedAtUtc, int ReviewFindings, int DaysLate, string FilingKind, int AmendmentNumber)
{
    public static QueueItem From(TableEntity e) => new(
        e.GetString("FilingId") ?? e.RowKey, e.GetString("Form") ?? "", e.GetString("Mst") ?? "", e.GetString("Period") ?? "",
        e.GetString("PeriodKey") ?? "", e.GetString("Office") ?? "", e.GetString("OfficeName"), e.GetString("Status") ?? "",
        e.GetDateTimeOffset("StatusChangedAtUtc"), e.GetDateTimeOffset("ReceivedAtUtc"), e.GetInt32("ReviewFindings") ?? 0,
        e.GetInt32("DaysLate") ?? 0, e.GetString("FilingKind") ?? "C", e.GetInt32("AmendmentNumber") ?? 0);
}
