using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace EFiling.Storage;

/// <summary>
/// The signed decision notices (role of 01-2/TB-TĐT), under notifications/{id}/{step}-{result}.xml. Written
/// create-only (If-None-Match: *): whoever writes first wins, a redelivery or a concurrent twin keeps that one.
/// </summary>
public sealed class NotificationStore(StorageClients clients, StorageNames names)
{
    private readonly BlobContainerClient _container = clients.Blobs.GetBlobContainerClient(names.Containers.Notifications);

    /// <summary>Stores the notice unless one of that name exists (one create-only request: a notice that exists is
    /// almost always a redelivery's, so it is not looked for first); true when this call created it.</summary>
    public async Task<bool> CreateAsync(string id, string name, Func<BinaryData> make, CancellationToken ct = default)
    {
        var blob = _container.GetBlobClient(FilingKeys.NotificationBlob(id, name));
        try
        {
            await blob.UploadAsync(make(), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/xml" },
            }, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    public async Task<bool> ExistsAsync(string id, string name, CancellationToken ct = default) =>
        await _container.GetBlobClient(FilingKeys.NotificationBlob(id, name)).ExistsAsync(ct);

    /// <summary>The notice names of a filing, oldest first (names start with the step number).</summary>
    public async Task<IReadOnlyList<(string Name, DateTimeOffset CreatedOn)>> ListAsync(string id, CancellationToken ct = default)
    {
        var list = new List<(string, DateTimeOffset)>();
        var prefix = id + "/";
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, ct))
            list.Add((Path.GetFileNameWithoutExtension(item.Name[prefix.Length..]), item.Properties.CreatedOn ?? DateTimeOffset.MinValue));
        return list.OrderBy(n => n.Item1, StringComparer.Ordinal).ToList();
    }

    public async Task<BinaryData?> ReadAsync(string id, string name, CancellationToken ct = default)
    {
        try
        {
            return (await _container.GetBlobClient(FilingKeys.NotificationBlob(id, name)).DownloadContentAsync(ct)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
