using System.Globalization;
using Azure;
using Azure.Data.Tables;
using EFiling.Storage;

namespace EFiling.Webhooks;

/// <summary>One attempt (RK <c>a-{inverted ticks}-{attempt}-{event id}</c>, so a query lists the newest first) or one event's
/// outcome (RK <c>e-{event id}</c>: Delivered or DeadLettered, so a repeated event is not delivered again).</summary>
public sealed class DeliveryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string EventId { get; set; } = "";
    public string FilingId { get; set; } = "";
    public string Status { get; set; } = "";
    public int Attempt { get; set; }
    public DateTimeOffset AtUtc { get; set; }

    /// <summary>Delivered, Failed (retried later), or DeadLettered (the last attempt failed).</summary>
    public string Outcome { get; set; } = "";
    public int? ResponseStatus { get; set; }
    public string? Error { get; set; }
    public long DurationMs { get; set; }
    public DateTimeOffset? NextAttemptAtUtc { get; set; }
}

/// <summary>The WebhookDeliveries table: PK the subscription id. Rows stay until the subscription is deleted.</summary>
public sealed class DeliveryLog(StorageClients clients, StorageNames names)
{
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Tables.WebhookDeliveries);

    public Task RecordAttemptAsync(string subscriptionId, DeliveryEntity attempt, CancellationToken ct)
    {
        attempt.PartitionKey = subscriptionId;
        attempt.RowKey = $"a-{(DateTimeOffset.MaxValue.UtcTicks - attempt.AtUtc.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}-{attempt.Attempt:000}-{attempt.EventId}";
        return _table.UpsertEntityAsync(attempt, TableUpdateMode.Replace, ct);
    }

    /// <summary>The event's final outcome (Delivered or DeadLettered), written once its last attempt is known.</summary>
    public Task RecordOutcomeAsync(string subscriptionId, DeliveryEntity final, CancellationToken ct) =>
        _table.UpsertEntityAsync(new DeliveryEntity
        {
            PartitionKey = subscriptionId, RowKey = $"e-{final.EventId}", EventId = final.EventId, FilingId = final.FilingId, Status = final.Status,
            Attempt = final.Attempt, AtUtc = final.AtUtc, Outcome = final.Outcome, ResponseStatus = final.ResponseStatus, Error = final.Error,
        }, TableUpdateMode.Replace, ct);

    public async Task<DeliveryEntity?> OutcomeAsync(string subscriptionId, string eventId, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<DeliveryEntity>(subscriptionId, $"e-{eventId}", cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>The most recent attempts, newest first.</summary>
    public async Task<IReadOnlyList<DeliveryEntity>> RecentAsync(string subscriptionId, int max, CancellationToken ct)
    {
        var list = new List<DeliveryEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {subscriptionId} and RowKey ge {"a-"} and RowKey lt {"a."}");
        await foreach (var row in _table.QueryAsync<DeliveryEntity>(filter, maxPerPage: max, cancellationToken: ct))
        {
            list.Add(row);
            if (list.Count == max) break;
        }
        return list;
    }

    /// <summary>Every row of the subscription (when it is deleted).</summary>
    public async Task DeleteAllAsync(string subscriptionId, CancellationToken ct)
    {
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {subscriptionId}"), select: ["PartitionKey", "RowKey"], cancellationToken: ct))
            await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
    }
}
