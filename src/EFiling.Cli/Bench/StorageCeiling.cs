using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
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
/// The raw ceiling of a storage account for what intake must write per filing — a create-only blob of the document's
/// size, a table row, a queue message, one after the other — with no HTTP server, parsing or crypto in between. Scratch
/// container, table and queue, removed afterwards.
/// </summary>
public static class StorageCeiling
{
    public static async Task<Measurement> RunAsync(StorageClients clients, int count, int concurrency, int size, CancellationToken ct)
    {
        var scratch = "ceiling" + Guid.NewGuid().ToString("N")[..8];
        var container = clients.Blobs.GetBlobContainerClient(scratch);
        var table = clients.Tables.GetTableClient(scratch);
        var queue = clients.Queues.GetQueueClient(scratch);
        await container.CreateIfNotExistsAsync(cancellationToken: ct);
        await table.CreateIfNotExistsAsync(ct);
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        try
        {
            var payload = RandomNumberGenerator.GetBytes(size);
            var latencies = new ConcurrentBag<double>();
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, token) =>
                {
                    var one = Stopwatch.StartNew();
                    var id = Guid.CreateVersion7().ToString("N");
                    await container.GetBlobClient(id + ".xml").UploadAsync(BinaryData.FromBytes(payload),
                        new BlobUploadOptions { Conditions = new() { IfNoneMatch = ETag.All } }, token);
                    await table.AddEntityAsync(new TableEntity($"P{i % 16}", id) { ["Sha256"] = id, ["Status"] = "Received", ["Office"] = "10100" }, token);
                    await queue.SendMessageAsync($"{{\"id\":\"{id}\"}}", token);
                    latencies.Add(one.Elapsed.TotalMilliseconds);
                });
            clock.Stop();
            return Measurement.From(latencies, clock.Elapsed);
        }
        finally
        {
            await container.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            await table.DeleteAsync(CancellationToken.None);
            await queue.DeleteIfExistsAsync(CancellationToken.None);
        }
    }
}
