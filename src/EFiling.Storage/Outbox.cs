using Azure.Data.Tables;

namespace EFiling.Storage;

/// <summary>
/// The Outbox table: a filing's row is written before its bytes are stored and deleted once its queue message is sent.
/// So every filing that is not yet fully taken in — bytes stored but not indexed (a crash), indexed but not enqueued
/// (the queue was down) — has a row, and the sweep reads only these rows, never the whole filings container.
/// </summary>
public sealed class Outbox(StorageClients clients, StorageNames names)
{
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Tables.Outbox);
    private readonly string _queue = names.Queues.FilingsReceived;

    public Task AddAsync(FilingFacts f, CancellationToken ct = default) =>
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
