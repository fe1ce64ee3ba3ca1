using System.Net;
using Azure;
using Azure.Storage.Queues;

namespace EFiling.Storage;

/// <summary>The filings-received queue (base64 messages, as host.json tells the Functions host to read them).</summary>
public sealed class FilingQueue(StorageClients clients, StorageNames names)
{
    public QueueClient Received { get; } = clients.Queues.GetQueueClient(names.Queues.FilingsReceived);
    public QueueClient Poison { get; } = clients.Queues.GetQueueClient(names.Queues.FilingsReceivedPoison);

    public Task EnqueueAsync(FilingMessage message, CancellationToken ct = default) => EnqueueAsync(message.ToJson(), ct);

    /// <summary>Sends a message's text (e.g. kept in the outbox while the queue was down).</summary>
    public async Task EnqueueAsync(string messageText, CancellationToken ct = default)
    {
        try
        {
            await Received.SendMessageAsync(messageText, ct);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            // The queue service came back without the queue (a fresh emulator, a recreated account): make it again.
            await Received.CreateIfNotExistsAsync(cancellationToken: ct);
            await Received.SendMessageAsync(messageText, ct);
        }
    }
}
