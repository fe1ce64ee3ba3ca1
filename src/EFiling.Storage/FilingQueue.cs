using Azure.Storage.Queues;

namespace EFiling.Storage;

/// <summary>The filings-received queue (base64 messages, as host.json tells the Functions host to read them).</summary>
public sealed class FilingQueue(StorageClients clients, StorageNames names)
{
    public QueueClient Received { get; } = clients.Queues.GetQueueClient(names.Queues.FilingsReceived);
    public QueueClient Poison { get; } = clients.Queues.GetQueueClient(names.Queues.FilingsReceivedPoison);

    public Task EnqueueAsync(FilingMessage message, CancellationToken ct = default) =>
        Received.SendMessageAsync(message.ToJson(), ct);
}
