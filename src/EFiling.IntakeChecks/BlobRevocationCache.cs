using Azure;
using Azure.Storage.Blobs;
using EFiling.Signing;
using EFiling.Storage;

namespace EFiling.IntakeChecks;

/// <summary>
/// The service's revocation cache: one blob per CRL distribution point or OCSP certificate, in the revocation-cache
/// container (config/storage-names.json), shared by every instance. Synchronous because verification is; a storage
/// failure reads as a miss and a failed write is dropped, so an outage only costs a download.
/// </summary>
public sealed class BlobRevocationCache(StorageClients clients, StorageNames names) : IRevocationCache
{
    private readonly BlobContainerClient _container = clients.Blobs.GetBlobContainerClient(names.Containers.RevocationCache);

    public byte[]? Get(string key)
    {
        try
        {
            return _container.GetBlobClient(RevocationCacheKeys.FileName(key)).DownloadContent().Value.Content.ToArray();
        }
        catch (RequestFailedException)
        {
            return null;
        }
    }

    public void Put(string key, byte[] value)
    {
        try
        {
            _container.GetBlobClient(RevocationCacheKeys.FileName(key)).Upload(BinaryData.FromBytes(value), overwrite: true);
        }
        catch (RequestFailedException)
        {
            // Next time it is fetched again.
        }
    }
}
