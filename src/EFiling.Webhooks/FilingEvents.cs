using EFiling.Storage;
using Microsoft.Extensions.Options;

namespace EFiling.Webhooks;

/// <summary>
/// Publishes a filing's status change to its vendor's subscriptions: one webhook-deliveries message per subscription,
/// which <see cref="WebhookDeliverer"/> posts. Called where a status change is committed (reconciliation's decision,
/// marking Failed, an officer's decision, a test filing's intake), among the follow-ups that are written again when a
/// message or request is repeated: so an event may be published twice, and the delivery log delivers it once.
/// A filing sent without a function key has no vendor: nothing is read or sent.
/// </summary>
public sealed class FilingEvents(Subscriptions subscriptions, WebhookQueue queue, ILogger<FilingEvents> logger)
{
    public async Task PublishAsync(StatusEvent e, CancellationToken ct)
    {
        if (e.Vendor is not { } vendor) return;
        foreach (var subscription in await subscriptions.ForVendorAsync(vendor, ct))
        {
            await queue.SendAsync(new DeliveryMessage(vendor, subscription.Id, 1, e with { Vendor = null }), visibility: null, ct);
            logger.LogInformation("Filing {FilingId}: {Status} queued for subscription {SubscriptionId}", e.FilingId, e.Status, subscription.Id);
        }
    }
}

/// <summary>The webhook-deliveries queue (base64, like every queue the host reads) and its dead-letter queue.</summary>
public sealed class WebhookQueue(StorageClients clients, StorageNames names)
{
    public Azure.Storage.Queues.QueueClient Deliveries { get; } = clients.Queues.GetQueueClient(names.Queues.WebhookDeliveries);
    public Azure.Storage.Queues.QueueClient DeadLetter { get; } = clients.Queues.GetQueueClient(names.Queues.WebhookDeliveriesDeadLetter);

    public Task SendAsync(DeliveryMessage message, TimeSpan? visibility, CancellationToken ct) =>
        Deliveries.SendMessageAsync(System.Text.Json.JsonSerializer.Serialize(message), visibility, cancellationToken: ct);
}
