using Azure.Data.Tables;

namespace EFiling.Review;

/// <summary>What the queue page asks for: one status (or Late), optional filters, a page size and a position.</summary>
public sealed record QueueQuery(string Status, string? Form, string? PeriodKey, string? Mst, string? Office, int PageSize, string? TableToken)
{
    /// <summary>The queues a reviewer works: three statuses, and late filings whatever their status.</summary>
    public static readonly string[] Queues = ["NeedsReview", "Rejected", "Failed", "Late"];

    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    public static string StatusFilter(string queue) => queue == "Late"
        ? "DaysLate gt 0"
        : TableClient.CreateQueryFilter($"Status eq {queue}");

    /// <summary>The filters other than status (form, period, MST, office), as OData clauses.</summary>
    public IEnumerable<string> FieldFilters()
    {
        if (!string.IsNullOrWhiteSpace(Form)) yield return TableClient.CreateQueryFilter($"Form eq {Form.Trim()}");
        if (!string.IsNullOrWhiteSpace(Mst)) yield return TableClient.CreateQueryFilter($"Mst eq {Mst.Trim()}");
        if (!string.IsNullOrWhiteSpace(Office) && !string.IsNullOrWhiteSpace(PeriodKey))
            yield return TableClient.CreateQueryFilter($"PartitionKey eq {Office.Trim() + "_" + PeriodKey.Trim()}");
        else
        {
            if (!string.IsNullOrWhiteSpace(Office)) yield return ReviewScope.OfficeRange(Office.Trim());
            if (!string.IsNullOrWhiteSpace(PeriodKey)) yield return TableClient.CreateQueryFilter($"PeriodKey eq {PeriodKey.Trim()}");
        }
    }
}
