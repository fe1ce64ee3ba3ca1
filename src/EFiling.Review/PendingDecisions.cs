using System.Net;
using Azure;
using Azure.Data.Tables;
using EFiling.Storage;

namespace EFiling.Review;

/// <summary>
/// Filings whose decision follow-ups may still be unwritten, so the sweep can find them without scanning Filings.
/// A mark is set before the decision is committed into the filing row and removed once its follow-ups are written;
/// a crash in between leaves it. Kept in the Outbox table, partition "review-decisions", row key the filing id (the
/// filing outbox uses the queue's name as partition). A mark is removed only with the ETag it was read or written
/// with, so removing an old mark never removes the mark of a newer decision on the same filing.
/// </summary>
public sealed class PendingDecisions(ReviewTables tables)
{
    public const string Partition = "review-decisions";

    private readonly TableClient _table = tables.PendingDecisions;

    public sealed record Mark(string FilingId, DateTimeOffset MarkedAtUtc, ETag ETag);

    public async Task<ETag> MarkAsync(string filingId, DateTimeOffset at, CancellationToken ct)
    {
        var response = await _table.UpsertEntityAsync(new TableEntity(Partition, filingId) { ["MarkedAtUtc"] = at }, TableUpdateMode.Replace, ct);
        return response.Headers.ETag ?? default;
    }

    /// <summary>Removes the mark if it is still the one given (gone or replaced by a newer decision: left alone).</summary>
    public async Task ClearAsync(string filingId, ETag mark, CancellationToken ct)
    {
        try { await _table.DeleteEntityAsync(Partition, filingId, mark, ct); }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.PreconditionFailed) { }
    }

    public async Task<IReadOnlyList<Mark>> ListAsync(CancellationToken ct)
    {
        var marks = new List<Mark>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: ct))
            marks.Add(new Mark(row.RowKey, row.GetDateTimeOffset("MarkedAtUtc") ?? DateTimeOffset.MinValue, row.ETag));
        return marks;
    }
}
