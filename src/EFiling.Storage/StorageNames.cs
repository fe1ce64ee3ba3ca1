using System.Text.Json;

namespace EFiling.Storage;

/// <summary>
/// The storage names, read from config/storage-names.json (embedded at build time) so the app and the
/// infrastructure templates can never disagree. Nothing else in the code spells a container, queue or table name.
/// </summary>
public sealed record StorageNames
{
    public required ContainerNames Containers { get; init; }
    public required QueueNames Queues { get; init; }
    public required TableNames Tables { get; init; }

    /// <param name="RevocationCache">CRLs and OCSP answers fetched online, kept until their nextUpdate (the service's revocation cache).</param>
    /// <param name="TestFilings">Test filings (X-EFiling-Test): their documents, apart from the real ones; a lifecycle
    /// management rule deletes them after the configured days.</param>
    public sealed record ContainerNames(string Filings, string Receipts, string Notifications, string RevocationCache, string TestFilings);

    /// <param name="WebhookDeliveries">One message per attempt to push a status change to a vendor's callback.</param>
    /// <param name="WebhookDeliveriesDeadLetter">Deliveries that failed every attempt.</param>
    public sealed record QueueNames(string FilingsReceived, string FilingsReceivedPoison, string WebhookDeliveries, string WebhookDeliveriesDeadLetter);

    /// <param name="Subscriptions">Vendors' callback URLs (PK: the vendor's function-key id).</param>
    /// <param name="WebhookDeliveries">The attempts of each subscription's deliveries, newest first, and each event's outcome.</param>
    public sealed record TableNames(string Filings, string FilingHashes, string FilingHistory, string Outbox,
        string Taxpayers, string Employers, string TaxOffices, string Counters, string Audit,
        string CounterFilings, string Payments, string Subscriptions, string WebhookDeliveries);

    /// <summary>The names shipped in this build.</summary>
    public static StorageNames Default { get; } = Load();

    private static StorageNames Load()
    {
        using var stream = typeof(StorageNames).Assembly.GetManifestResourceStream("storage-names.json")
            ?? throw new InvalidOperationException("storage-names.json is not embedded in EFiling.Storage.");
        return JsonSerializer.Deserialize<StorageNames>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("storage-names.json is empty.");
    }

    public IEnumerable<string> AllContainers => [Containers.Filings, Containers.Receipts, Containers.Notifications, Containers.RevocationCache, Containers.TestFilings];
    public IEnumerable<string> AllQueues => [Queues.FilingsReceived, Queues.FilingsReceivedPoison, Queues.WebhookDeliveries, Queues.WebhookDeliveriesDeadLetter];
    public IEnumerable<string> AllTables =>
        [Tables.Filings, Tables.FilingHashes, Tables.FilingHistory, Tables.Outbox, Tables.Taxpayers,
         Tables.Employers, Tables.TaxOffices, Tables.Counters, Tables.Audit, Tables.CounterFilings, Tables.Payments,
         Tables.Subscriptions, Tables.WebhookDeliveries];
}
