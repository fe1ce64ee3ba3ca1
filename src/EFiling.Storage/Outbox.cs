using Azure.Data.Tables;

namespace EFiling.Storage;

/// <summary>
/// The Outbox table: a filings-received message the queue did not take (an outage), written instead of it, with the
/// message's text, so the filing is still acknowledged; the sweep sends it once the queue is back and removes the row.
/// On the normal path nothing is written here: the document blob and the queue message are the record. (Rows of an
/// earlier version carry no text: written before the bytes, they named filings not yet fully taken in.)
/// </summary>
public sealed class Outbox(StorageClients clients, StorageNames names)
{
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Tables.Outbox);
    private readonly string _queue = names.Queues.FilingsReceived;

    public Task AddAsync(FilingMessage message, CancellationToken ct = default) =>
        _table.UpsertEntityAsync(new OutboxEntity
        {
            PartitionKey = _queue, RowKey = message.FilingId, FilingPartition = message.PartitionKey, Sha256 = message.Sha256,
            CreatedAtUtc = DateTimeOffset.UtcNow, MessageText = message.ToJson(),
        }, TableUpdateMode.Replace, ct);

    /// <summary>The row an earlier version wrote before storing the bytes (no message text): kept for the tests of
    /// what the sweep does with such rows.</summary>
    public Task AddPendingAsync(FilingFacts f, CancellationToken ct = default) =>
        _table.UpsertEntityAsync(new OutboxEntity
        {
            PartitionKey = _queue, RowKey = f.Id, FilingPartition = f.PartitionKey, Sha256 = f.Sha256, CreatedAtUtc = DateTimeOffset.UtcNow,
        }, TableUpdateMode.Replace, ct);

    public Task RemoveAsync(string id, CancellationToken ct = default) => _table.DeleteEntityAsync(_queue, id, cancellationToken: ct);

    public async Task<bool> ContainsAsync(string id, CancellationToken ct = default) =>
        (await _table.GetEntityIfExistsAsync<OutboxEntity>(_queue, id, cancellationToken: ct)).HasValue;

    public async Task<IReadOnlyList<OutboxEntity>> ListAsync(CancellationToken ct = default)
    {
        var rows = new List<OutboxEntity>();
        await foreach (var row in _table.QueryAsync<OutboxEntity>(e => e.PartitionKey == _queue, cancellationToken: ct)) rows.Add(row);
        return rows;
    }
}
