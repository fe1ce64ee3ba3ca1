using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using EFiling.Cli.Submission;
using EFiling.Storage;

namespace EFiling.Cli.Commands;

/// <summary>
/// `efiling bench-storage`: the raw ceiling of the storage account for what intake writes per filing —
/// a create-only blob, a table row, a queue message — with no HTTP, parsing or crypto. Compare it with
/// `efiling submit` in the same run to see what the service itself costs. Uses scratch names, removed after.
/// </summary>
public static class BenchStorageCommand
{
    public static Command Create()
    {
        var connection = new Option<string?>("--connection") { Description = "Storage connection string (default: $AzureWebJobsStorage, else Azurite's dev account)." };
        var count = new Option<int>("--count") { Description = "Filings to write.", DefaultValueFactory = _ => 2000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Writes in flight at once.", DefaultValueFactory = _ => 32 };
        var size = new Option<int>("--size") { Description = "Bytes per document blob.", DefaultValueFactory = _ => 7 * 1024 };
        var command = new Command("bench-storage", "Measure the storage ceiling for intake's three writes per filing (blob, table row, queue message).")
        {
            connection, count, concurrency, size,
        };
        command.SetAction(async (parse, ct) =>
        {
            var clients = StorageClients.FromConnectionString(parse.GetValue(connection)
                ?? Environment.GetEnvironmentVariable(StorageClients.SettingName) ?? StorageClients.DevelopmentStorage);
            var scratch = "ceiling" + Guid.NewGuid().ToString("N")[..8];
            var container = clients.Blobs.GetBlobContainerClient(scratch);
            var table = clients.Tables.GetTableClient(scratch);
            var queue = clients.Queues.GetQueueClient(scratch);
            await container.CreateIfNotExistsAsync(cancellationToken: ct);
            await table.CreateIfNotExistsAsync(ct);
            await queue.CreateIfNotExistsAsync(cancellationToken: ct);
            try
            {
                var payload = RandomNumberGenerator.GetBytes(parse.GetValue(size));
                var latencies = new ConcurrentBag<double>();
                var clock = Stopwatch.StartNew();
                await Parallel.ForEachAsync(Enumerable.Range(0, parse.GetValue(count)),
                    new ParallelOptions { MaxDegreeOfParallelism = parse.GetValue(concurrency), CancellationToken = ct }, async (i, token) =>
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
                var sorted = latencies.Order().ToArray();
                Console.WriteLine($"storage ceiling: {sorted.Length} filings × (blob + row + message) in {clock.Elapsed.TotalSeconds:F2} s = " +
                                  $"{sorted.Length / clock.Elapsed.TotalSeconds:F1} filings/s; p50 {SubmitSummary.Percentile(sorted, 0.5):F1} ms, p99 {SubmitSummary.Percentile(sorted, 0.99):F1} ms " +
                                  $"(concurrency {parse.GetValue(concurrency)})");
            }
            finally
            {
                await container.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
                await table.DeleteAsync(CancellationToken.None);
                await queue.DeleteIfExistsAsync(CancellationToken.None);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
