using EFiling.Functions.Hosting;
using EFiling.Storage;
using EFiling.Webhooks;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Background;

/// <summary>
/// Standalone only (no Functions host, whose queue trigger calls POST /DeliverWebhook instead): takes webhook-deliveries
/// messages as they become visible and hands each to <see cref="WebhookDeliverer"/>. A message whose handling failed
/// (storage) comes back after its lease; one that kept failing goes to the dead-letter queue like any other.
/// </summary>
public sealed class WebhookListener(
    WebhookQueue queue, WebhookDeliverer deliverer, StorageReady storage, QueueSettings settings, IOptions<WebhookOptions> options,
    ILogger<WebhookListener> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await storage.EnsureAsync(stoppingToken);
                var batch = (await queue.Deliveries.ReceiveMessagesAsync(16, Lease, stoppingToken)).Value;
                if (batch.Length > 0)
                {
                    await Task.WhenAll(batch.Select(m => HandleAsync(m, stoppingToken)));
                    continue;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Webhook listener: {Message}", e.Message);
            }
            try { await Task.Delay(options.Value.PollingInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task HandleAsync(Azure.Storage.Queues.Models.QueueMessage message, CancellationToken ct)
    {
        try
        {
            logger.LogInformation("DeliverWebhook: {Line}", await deliverer.HandleAsync(message.MessageText, ct));
            await queue.Deliveries.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (message.DequeueCount < settings.MaxDequeueCount)
            {
                logger.LogWarning("DeliverWebhook: message {Id} failed ({Message}); it comes back after its lease", message.MessageId, e.Message);
                return;
            }
            logger.LogError(e, "DeliverWebhook: message {Id} failed {Count} times; moved to the dead-letter queue", message.MessageId, message.DequeueCount);
            await queue.DeadLetter.SendMessageAsync(message.MessageText, ct);
            await queue.Deliveries.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        }
    }
}
