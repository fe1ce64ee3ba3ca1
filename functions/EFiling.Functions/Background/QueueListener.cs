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
        // Like the host: up to batchSize messages in hand, and the next batch fetched as soon as half of them are done
        // (newBatchThreshold = batchSize / 2), so one slow message never holds up the other fifteen slots.
        var inFlight = new HashSet<Task>();
        var refillAt = settings.BatchSize / 2;
        var wait = MinPollingInterval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (inFlight.Count > refillAt)
                {
                    inFlight.Remove(await Task.WhenAny(inFlight));
                    continue;
                }
                try
                {
                    await storage.EnsureAsync(stoppingToken);
                    QueueMessage[] batch = await queue.Received.ReceiveMessagesAsync(settings.BatchSize - inFlight.Count, Lease, stoppingToken);
                    foreach (var message in batch) inFlight.Add(ProcessLoggedAsync(message, stoppingToken));
                    if (batch.Length > 0)
                    {
                        wait = MinPollingInterval;
                        continue;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Queue listener: {Message}; polling again in {Wait}", e.Message, settings.MaxPollingInterval);
                    wait = settings.MaxPollingInterval;
                }
                // Queue empty: back off exponentially up to maxPollingInterval, like the host, but look again as soon
                // as a message in hand is done (it may have been the last of a burst).
                var delay = Task.Delay(wait, stoppingToken);
                var done = await Task.WhenAny(inFlight.Append(delay));
                if (done != delay) inFlight.Remove(done);
                else wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, settings.MaxPollingInterval.Ticks));
            }
        }
        finally
        {
            // Let the messages in hand finish (each observes the stopping token).
            try { await Task.WhenAll(inFlight); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>Handles one received batch the way the polling loop does, and returns when every message is done (tests
    /// hand the listener a batch they received, so what one batch costs can be counted).</summary>
    public Task HandleBatchAsync(IReadOnlyList<QueueMessage> batch, CancellationToken ct) =>
        Task.WhenAll(batch.Select(message => ProcessLoggedAsync(message, ct)));

    /// <summary>A message's own failure (say, storage gone while deleting it) is logged; it comes back after its lease.</summary>
    private async Task ProcessLoggedAsync(QueueMessage message, CancellationToken ct)
    {
        try { await ProcessAsync(message, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("Queue listener: message {Id}: {Message}", message.MessageId, e.Message);
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
            try
            {
                foreach (var line in await reconciler.MarkFailedAsync(message.MessageText, outcome.Logs.LastOrDefault() ?? "no reason logged", ct))
                    logger.LogWarning("ReconcileFiling: {Line}", line);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Poisoned all the same, as the host does: otherwise a message that always fails here would come back
                // after every lease, forever. The filing stays Received; replay-poison after the fix reconciles it.
                logger.LogError(e, "Message {Id}: the filing could not be marked Failed; it stays Received until its poison message is replayed", message.MessageId);
            }
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
