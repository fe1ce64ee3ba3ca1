using System.Net;
using Azure;
using Azure.Data.Tables;

namespace EFiling.Storage;

/// <summary>The FilingHistory table: one row per step of a filing, keyed by step so a retried step is not written twice.</summary>
public sealed class FilingHistory(StorageClients clients, StorageNames names)
{
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Tables.FilingHistory);

    public async Task AddAsync(string id, int step, FilingStatus status, DateTimeOffset at, string? note = null, CancellationToken ct = default)
    {
        try
        {
            await _table.AddEntityAsync(new HistoryEntity
            {
                PartitionKey = id, RowKey = FilingKeys.HistoryRow(step, status), Status = status.ToString(), AtUtc = at, Note = note,
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict) { }
    }

    /// <summary>The filing's steps, oldest first (row keys sort by step).</summary>
    public async Task<IReadOnlyList<HistoryEntity>> ListAsync(string id, CancellationToken ct = default)
    {
        var rows = new List<HistoryEntity>();
        await foreach (var row in _table.QueryAsync<HistoryEntity>(e => e.PartitionKey == id, cancellationToken: ct)) rows.Add(row);
        return rows;
    }
}
