using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace EFiling.Storage;

/// <summary>
/// The original declarations: named by their SHA-256, the filing's facts in metadata, written create-only (a stored
/// document never changes). Creating one is both "have we seen these bytes?" and "store them": one request.
/// The same class keeps test filings apart, in their own container (<see cref="ForTestFilings"/>).
/// </summary>
public sealed class DocumentStore(StorageClients clients, StorageNames names, string? container = null)
{
    private readonly BlobContainerClient _documents = clients.Blobs.GetBlobContainerClient(container ?? names.Containers.Filings);

    /// <summary>The documents of test filings (container test-filings, emptied by a lifecycle rule), never the real ones.</summary>
    public static DocumentStore ForTestFilings(StorageClients clients, StorageNames names) => new(clients, names, names.Containers.TestFilings);

    /// <summary>
    /// Stores the original bytes unless a document with the same hash exists. Returns the facts of the filing
    /// that owns these bytes: ours when we created the blob, the earlier (or concurrent winning) one otherwise.
    /// </summary>
    public async Task<(bool Created, FilingFacts Owner)> CreateDocumentAsync(FilingFacts facts, ReadOnlyMemory<byte> bytes, CancellationToken ct = default)
    {
        var blob = _documents.GetBlobClient(FilingKeys.DocumentBlob(facts.Sha256));
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = FilingMetadata.From(facts),
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/xml" },
            }, ct);
            return (true, facts);
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            var owner = await FindDocumentAsync(facts.Sha256, ct)
                ?? throw new InvalidOperationException($"Document {facts.Sha256} exists but carries no filing metadata.", e);
            return (false, owner);
        }
    }

    /// <summary>The facts stored with the document of this hash, or null if there is none.</summary>
    public async Task<FilingFacts?> FindDocumentAsync(string sha256, CancellationToken ct = default)
    {
        try
        {
            var props = await _documents.GetBlobClient(FilingKeys.DocumentBlob(sha256)).GetPropertiesAsync(cancellationToken: ct);
            return FilingMetadata.Read(props.Value.Metadata);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<BinaryData?> ReadDocumentAsync(string sha256, CancellationToken ct = default) =>
        ReadAsync(_documents.GetBlobClient(FilingKeys.DocumentBlob(sha256)), ct);

    /// <summary>The facts of the filing with this id, from its document (named by the hash the id begins, see
    /// <see cref="FilingKeys.IdFor"/>): one listing of the few blobs whose names start with it. Null when none is its.</summary>
    public async Task<FilingFacts?> FindDocumentByIdAsync(string id, CancellationToken ct = default)
    {
        await foreach (var blob in _documents.GetBlobsAsync(new GetBlobsOptions { Prefix = FilingKeys.ContentPrefix(id), Traits = BlobTraits.Metadata }, ct))
            if (FilingMetadata.Read(blob.Metadata) is { } facts && facts.Id == id) return facts;
        return null;
    }

    private static async Task<BinaryData?> ReadAsync(BlobClient blob, CancellationToken ct)
    {
        try
        {
            return (await blob.DownloadContentAsync(ct)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
