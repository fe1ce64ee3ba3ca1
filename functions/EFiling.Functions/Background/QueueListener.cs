using Azure.Storage.Queues.Models;
using EFiling.Functions.Filings;
using EFiling.Functions.Hosting;
using EFiling.Storage;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Background;

/// <summary>
/// Standalone only (no Functions host): polls filings-received the way the host's queue trigger does, with
/// host.json's settings, and calls the same <see cref="FilingReconciler"/> that POST /ReconcileFiling calls.
/// A failed message comes back after visibilityTimeout; after maxDequeueCount tries the filing is marked Failed and the
/// message goes to the poison queue (`efiling replay-poison` puts it back after a fix).
/// </summary>
public sealed class QueueListener(
    FilingQueue queue, FilingReconciler reconciler, StorageReady storage, QueueSettings settings,
    IOptions<EFilingOptions> options, ILogger<QueueListener> logger) : BackgroundService
{
    // How long a received message stays hidden while we work on it (the host renews; we finish well within this).
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await storage.EnsureAsync(stoppingToken);
                QueueMessage[] batch = await queue.Received.ReceiveMessagesAsync(settings.BatchSize, Lease, stoppingToken);
                if (batch.Length > 0)
                {
                    await Task.WhenAll(batch.Select(m => ProcessAsync(m, stoppingToken)));
                    wait = MinPollingInterval;
                    continue;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Queue listener: {Message}; polling again in {Wait}", e.Message, settings.MaxPollingInterval);
                wait = settings.MaxPollingInterval;
            }
            // Nothing to do: back off exponentially up to maxPollingInterval, like the host.
            await Task.Delay(wait, stoppingToken);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, settings.MaxPollingInterval.Ticks));
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken ct)
    {
        FilingReconciler.Outcome outcome;
        try
        {
            outcome = await reconciler.HandleAsync(message.MessageText, message.DequeueCount, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = new FilingReconciler.Outcome(false, [e.Message]);
        }
        foreach (var line in outcome.Logs) logger.LogInformation("ReconcileFiling: {Line}", line);

        if (outcome.Succeeded)
        {
            await queue.Received.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        }
        else if (message.DequeueCount >= settings.MaxDequeueCount)
        {
            logger.LogError("Message {Id} failed {Count} times; marking the filing Failed and moving the message to the poison queue", message.MessageId, message.DequeueCount);
            foreach (var line in await reconciler.MarkFailedAsync(message.MessageText, outcome.Logs.LastOrDefault() ?? "no reason logged", ct))
                logger.LogWarning("ReconcileFiling: {Line}", line);
            await queue.Poison.SendMessageAsync(message.MessageText, ct);
            await queue.Received.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        }
        else
        {
            await queue.Received.UpdateMessageAsync(message.MessageId, message.PopReceipt,
                visibilityTimeout: options.Value.RetryDelay ?? settings.VisibilityTimeout, cancellationToken: ct);
        }
    }
}
