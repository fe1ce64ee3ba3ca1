using Azure.Storage.Queues.Models;
using EFiling.Functions.Hosting;
using EFiling.Reconciliation;
using EFiling.Functions.Telemetry;
using EFiling.ServiceDefaults;
using EFiling.Storage;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Background;

/// <summary>
/// Standalone only (no Functions host): polls filings-received the way the host's queue trigger does, with
/// host.json's settings, and hands each batch it receives to the same <see cref="FilingReconciler"/> that
/// POST /ReconcileFiling calls (which counts a batch's filings together in the statistics).
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
        // Like the host: up to batchSize messages in hand, and the next batch fetched as soon as no more than
        // newBatchThreshold of them are left, so one slow batch never holds up the next.
        var inFlight = new Dictionary<Task, int>();
        var held = 0;
        var wait = MinPollingInterval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (held > settings.NewBatchThreshold || held >= settings.BatchSize)
                {
                    held -= Finished(inFlight, await Task.WhenAny(inFlight.Keys));
                    continue;
                }
                try
                {
                    await storage.EnsureAsync(stoppingToken);
                    QueueMessage[] batch = await queue.Received.ReceiveMessagesAsync(settings.BatchSize - held, Lease, stoppingToken);
                    if (batch.Length > 0)
                    {
                        inFlight[HandleBatchAsync(batch, stoppingToken)] = batch.Length;
                        held += batch.Length;
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
                // as a batch in hand is done (it may have been the last of a burst).
                var delay = Task.Delay(wait, stoppingToken);
                var done = await Task.WhenAny(inFlight.Keys.Append(delay));
                if (done != delay) held -= Finished(inFlight, done);
                else wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, settings.MaxPollingInterval.Ticks));
            }
        }
        finally
        {
            // Let the messages in hand finish (each observes the stopping token).
            try { await Task.WhenAll(inFlight.Keys); } catch (OperationCanceledException) { }
        }
    }

    private static int Finished(Dictionary<Task, int> inFlight, Task done)
    {
        inFlight.Remove(done, out var size);
        return size;
    }

    /// <summary>Handles one received batch and settles every message of it (done, retried later, or poisoned); returns
    /// when all are settled. A message's own failure (say, storage gone while deleting it) is logged; it comes back
    /// after its lease. Tests hand the listener a batch they received, so what one batch costs can be counted.</summary>
    public async Task HandleBatchAsync(IReadOnlyList<QueueMessage> batch, CancellationToken ct)
    {
        // One ReconcileFiling span per message, continuing its intake's trace; its decision and its settling run in it.
        var deliveries = batch.Select(m => ReconcileTelemetry.Start(logger, m.MessageText, m.InsertedOn, m.DequeueCount)).ToList();
        try
        {
            await HandleAsync(batch, deliveries, ct);
        }
        finally
        {
            foreach (var delivery in deliveries) delivery.Dispose();
        }
    }

    private async Task HandleAsync(IReadOnlyList<QueueMessage> batch, IReadOnlyList<ReconcileTelemetry.Delivery> deliveries, CancellationToken ct)
    {
        IReadOnlyList<FilingReconciler.Outcome> outcomes;
        try
        {
            outcomes = await reconciler.HandleBatchAsync(
                batch.Select((m, i) => new FilingReconciler.Delivery(m.MessageText, m.DequeueCount, deliveries[i].Enter)).ToList(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcomes = batch.Select(_ => new FilingReconciler.Outcome(false, [e.Message])).ToList();
        }
        await Task.WhenAll(batch.Zip(outcomes, deliveries).Select(async x =>
        {
            using var context = x.Third.Enter();
            try { await SettleAsync(x.First, x.Second, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Queue listener: message {Id}: {Message}", x.First.MessageId, e.Message);
            }
        }));
    }

    private async Task SettleAsync(QueueMessage message, FilingReconciler.Outcome outcome, CancellationToken ct)
    {
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
