using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace EFiling.Storage;

/// <summary>
/// The blobs: original declarations (named by their SHA-256, facts in metadata) and signed receipts (named by
/// filing id). Both are written create-only: a stored document or receipt never changes.
/// </summary>
public sealed class DocumentStore(StorageClients clients, StorageNames names)
{
    private readonly BlobContainerClient _documents = clients.Blobs.GetBlobContainerClient(names.Containers.Filings);
    private readonly BlobContainerClient _receipts = clients.Blobs.GetBlobContainerClient(names.Containers.Receipts);

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

    /// <summary>Stores the receipt unless one exists; returns the stored one either way. <paramref name="readFirst"/>:
    /// look before making one (a known filing); false for a new filing, whose receipt is almost never there yet, so the
    /// create-only write is the one request (a conflict still returns the stored one).</summary>
    public async Task<BinaryData> EnsureReceiptAsync(string id, Func<BinaryData> makeReceipt, CancellationToken ct = default, bool readFirst = true)
    {
        var blob = _receipts.GetBlobClient(FilingKeys.ReceiptBlob(id));
        if (readFirst && await ReadAsync(blob, ct) is { } existing) return existing;
        var receipt = makeReceipt();
        try
        {
            await blob.UploadAsync(receipt, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/xml" },
            }, ct);
            return receipt;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return await ReadAsync(blob, ct) ?? throw new InvalidOperationException($"Receipt {id} vanished.", e);
        }
    }

    public Task<BinaryData?> ReadReceiptAsync(string id, CancellationToken ct = default) =>
        ReadAsync(_receipts.GetBlobClient(FilingKeys.ReceiptBlob(id)), ct);

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
