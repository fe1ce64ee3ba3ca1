namespace EFiling.Storage;

/// <summary>Creates every container, queue and table the app uses, if missing. Safe to run at every start.</summary>
public static class StorageProvisioner
{
    public static async Task EnsureCreatedAsync(StorageClients clients, StorageNames names, CancellationToken ct = default)
    {
        var work = new List<Task>();
        work.AddRange(names.AllContainers.Select(c => clients.Blobs.GetBlobContainerClient(c).CreateIfNotExistsAsync(cancellationToken: ct)));
        work.AddRange(names.AllQueues.Select(q => clients.Queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: ct)));
        work.AddRange(names.AllTables.Select(t => clients.Tables.GetTableClient(t).CreateIfNotExistsAsync(ct)));
        await Task.WhenAll(work);
    }
}
