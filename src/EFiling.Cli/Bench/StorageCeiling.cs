using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using EFiling.Cli.Submission;
using EFiling.Storage;

namespace EFiling.Cli.Bench;

/// <summary>Throughput and latency of one timed run: <paramref name="Count"/> operations in <paramref name="Seconds"/>.</summary>
public sealed record Measurement(int Count, double Seconds, double P50Ms, double P99Ms)
{
    public double PerSecond => Count / Math.Max(Seconds, 1e-9);

    public static Measurement From(IEnumerable<double> latenciesMs, TimeSpan elapsed)
    {
        var sorted = latenciesMs.Order().ToArray();
        return new Measurement(sorted.Length, elapsed.TotalSeconds, SubmitSummary.Percentile(sorted, 0.50), SubmitSummary.Percentile(sorted, 0.99));
    }

    public override string ToString() => $"{Count} in {Seconds:F2} s = {PerSecond:F1}/s; p50 {P50Ms:F0} ms, p99 {P99Ms:F0} ms";
}

/// <summary>
/// What intake writes for one filing, as the ceiling repeats it: the document's size and its blob's metadata, the filing
/// row's properties and the queue message's text. <see cref="Minimal"/> is a bare id in each; <see cref="ReadAsync"/>
/// copies the writes of one filing the app took in, so that the ceiling writes the same bytes a filing needs.
/// </summary>
public sealed record WriteShape(int DocumentBytes, IDictionary<string, string> Metadata, IReadOnlyDictionary<string, object> Row, string? MessageText)
{
    public static WriteShape Minimal(int documentBytes) => new(documentBytes, new Dictionary<string, string>(),
        new Dictionary<string, object> { ["Status"] = "Received", ["Office"] = "10100" }, null);

    /// <summary>The writes of the filing <paramref name="sha256"/> (its blob and row) and a message of the filings-received
    /// queue (all of one form are alike); null when any is missing.</summary>
    public static async Task<WriteShape?> ReadAsync(StorageClients clients, StorageNames names, string sha256, CancellationToken ct)
    {
        var blob = clients.Blobs.GetBlobContainerClient(names.Containers.Filings).GetBlobClient(FilingKeys.DocumentBlob(sha256));
        var properties = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
        if (FilingMetadata.Read(properties.Metadata) is not { } facts) return null;
        var row = await clients.Tables.GetTableClient(names.Tables.Filings).GetEntityIfExistsAsync<TableEntity>(facts.PartitionKey, facts.Id, cancellationToken: ct);
        var messages = (await clients.Queues.GetQueueClient(names.Queues.FilingsReceived).PeekMessagesAsync(1, ct)).Value;
        if (!row.HasValue || messages.Length == 0) return null;
        var rowProperties = row.Value!.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).ToDictionary(p => p.Key, p => p.Value);
        return new WriteShape((int)properties.ContentLength, properties.Metadata, rowProperties, messages[0].Body.ToString());
    }

    public override string ToString() =>
        $"blob {DocumentBytes / 1024.0:F1} KB with {Metadata.Count} metadata, row of {Row.Count} properties, message of {MessageText?.Length ?? 0} characters";
}

/// <summary>
/// The raw ceiling of a storage account for what intake must write per filing — a create-only blob of the document's
/// size, a table row, a queue message, one after the other, shaped as <see cref="WriteShape"/> says — with no HTTP
/// server, parsing or crypto in between. Scratch container, table and queue, removed afterwards.
/// </summary>
public static class StorageCeiling
{
    public static Task<Measurement> RunAsync(StorageClients clients, int count, int concurrency, int size, CancellationToken ct) =>
        RunAsync(clients, count, concurrency, WriteShape.Minimal(size), ct);

    public static async Task<Measurement> RunAsync(StorageClients clients, int count, int concurrency, WriteShape shape, CancellationToken ct)
    {
        await using var scratch = await Scratch.CreateAsync(clients, ct);
        var (latencies, elapsed) = await scratch.RunAsync(count, concurrency, shape, ct);
        return Measurement.From(latencies, elapsed);
    }

    /// <summary>A scratch container, table and queue the ceiling writes to (several runs may share one, so that no
    /// creation or removal falls between them), removed when disposed.</summary>
    public sealed class Scratch : IAsyncDisposable
    {
        private readonly BlobContainerClient _container;
        private readonly TableClient _table;
        private readonly QueueClient _queue;

        private Scratch(StorageClients clients, string name) =>
            (_container, _table, _queue) = (clients.Blobs.GetBlobContainerClient(name), clients.Tables.GetTableClient(name), clients.Queues.GetQueueClient(name));

        public static async Task<Scratch> CreateAsync(StorageClients clients, CancellationToken ct)
        {
            var scratch = new Scratch(clients, "ceiling" + Guid.NewGuid().ToString("N")[..8]);
            await scratch._container.CreateIfNotExistsAsync(cancellationToken: ct);
            await scratch._table.CreateIfNotExistsAsync(ct);
            await scratch._queue.CreateIfNotExistsAsync(cancellationToken: ct);
            return scratch;
        }

        /// <summary>Each filing's latency and the run's wall time (several runs make one <see cref="Measurement"/>).</summary>
        public async Task<(IReadOnlyList<double> LatenciesMs, TimeSpan Elapsed)> RunAsync(int count, int concurrency, WriteShape shape, CancellationToken ct)
        {
            var payload = RandomNumberGenerator.GetBytes(shape.DocumentBytes);
            var latencies = new ConcurrentBag<double>();
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, token) =>
                {
                    var one = Stopwatch.StartNew();
                    var id = Guid.CreateVersion7().ToString("N");
                    await _container.GetBlobClient(id + ".xml").UploadAsync(BinaryData.FromBytes(payload),
                        new BlobUploadOptions { Conditions = new() { IfNoneMatch = ETag.All }, Metadata = shape.Metadata }, token);
                    var row = new TableEntity($"P{i % 16}", id);
                    foreach (var (name, value) in shape.Row) row[name] = value;
                    await _table.AddEntityAsync(row, token);
                    await _queue.SendMessageAsync(shape.MessageText ?? $"{{\"id\":\"{id}\"}}", token);
                    latencies.Add(one.Elapsed.TotalMilliseconds);
                });
            clock.Stop();
            return (latencies.ToList(), clock.Elapsed);
        }

        public async ValueTask DisposeAsync()
        {
            await _container.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            await _table.DeleteAsync(CancellationToken.None);
            await _queue.DeleteIfExistsAsync(CancellationToken.None);
        }
    }
}
