using System.Net;
using Azure;
using Azure.Data.Tables;

namespace EFiling.Storage;

/// <summary>
/// The FilingHistory table: one row per step of a filing, keyed by step so a retried step is not written twice. Step 1
/// (Received) is written with the first decision, in the same request, not by intake; until then it is shown from
/// the filing's receipt time (<see cref="WithReceived"/>).
/// </summary>
public sealed class FilingHistory(StorageClients clients, StorageNames names)
{
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Tables.FilingHistory);

    public const string ReceivedNote = "Received and acknowledged";

    /// <summary>A decision's row and the Received row before it, in one entity-group transaction (one request). Safe to
    /// repeat: when the decision's row exists, both were written before and nothing changes.</summary>
    public async Task AddDecisionAsync(string id, DateTimeOffset receivedAt, int step, FilingStatus status, DateTimeOffset at, string? note, CancellationToken ct = default)
    {
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.UpsertReplace, ReceivedRow(id, receivedAt)),
            new(TableTransactionActionType.Add, new HistoryEntity { PartitionKey = id, RowKey = FilingKeys.HistoryRow(step, status), Status = status.ToString(), AtUtc = at, Note = note }),
        ];
        try { await _table.SubmitTransactionAsync(actions, ct); }
        catch (TableTransactionFailedException e) when (e.Status == (int)HttpStatusCode.Conflict) { }
    }

    /// <summary>The rows with the Received step first, shown from the receipt time while it is not stored yet.</summary>
    public static IReadOnlyList<HistoryEntity> WithReceived(IReadOnlyList<HistoryEntity> rows, string id, DateTimeOffset receivedAt) =>
        rows.Any(r => r.RowKey == FilingKeys.HistoryRow(1, FilingStatus.Received)) ? rows : [ReceivedRow(id, receivedAt), .. rows];

    private static HistoryEntity ReceivedRow(string id, DateTimeOffset receivedAt) => new()
    {
        PartitionKey = id, RowKey = FilingKeys.HistoryRow(1, FilingStatus.Received), Status = nameof(FilingStatus.Received), AtUtc = receivedAt, Note = ReceivedNote,
    };

    public Task AddAsync(string id, int step, FilingStatus status, DateTimeOffset at, string? note = null, CancellationToken ct = default) =>
        AddOnceAsync(new HistoryEntity { PartitionKey = id, RowKey = FilingKeys.HistoryRow(step, status), Status = status.ToString(), AtUtc = at, Note = note }, ct);

    /// <summary>Records that a later original replaced this filing (its status stays as it was).</summary>
    public Task AddReplacedAsync(string id, string replacedBy, DateTimeOffset at, CancellationToken ct = default) =>
        AddOnceAsync(new HistoryEntity
        {
            PartitionKey = id, RowKey = FilingKeys.ReplacedHistoryRow(replacedBy), Status = FilingKeys.ReplacedHistoryStatus, AtUtc = at,
            Note = $"Replaced by {replacedBy}",
        }, ct);

    /// <summary>The filing's rows, oldest first: by time, then by key (steps sort in order; a "replaced" row, keyed by
    /// the replacing filing, lands where it happened).</summary>
    public async Task<IReadOnlyList<HistoryEntity>> ListAsync(string id, CancellationToken ct = default)
    {
        var rows = new List<HistoryEntity>();
        await foreach (var row in _table.QueryAsync<HistoryEntity>(e => e.PartitionKey == id, cancellationToken: ct)) rows.Add(row);
        return rows.OrderBy(r => r.AtUtc).ThenBy(r => r.RowKey, StringComparer.Ordinal).ToList();
    }

    // A fixed key makes a retried write a no-op.
    private async Task AddOnceAsync(HistoryEntity row, CancellationToken ct)
    {
        try { await _table.AddEntityAsync(row, ct); }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict) { }
    }
}
