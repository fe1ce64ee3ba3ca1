using System.CommandLine;
using EFiling.Cli.Bench;
using EFiling.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EFiling.Cli.Commands;

/// <summary>
/// `efiling bench-storage`: the raw ceiling of the storage account for what intake writes per filing —
/// a create-only blob, a table row, a queue message — with no HTTP, parsing or crypto (<see cref="StorageCeiling"/>).
/// `efiling bench intake` runs it and the submission against the app in one run and prints the ratio.
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
            using var host = CliStorage.Host(parse.GetValue(connection));
            var clients = host.Services.GetRequiredService<StorageClients>();
            var m = await StorageCeiling.RunAsync(clients, parse.GetValue(count), parse.GetValue(concurrency), parse.GetValue(size), ct);
            Console.WriteLine($"storage ceiling: {m.Count} filings × (blob + row + message) in {m.Seconds:F2} s = " +
                              $"{m.PerSecond:F1} filings/s; p50 {m.P50Ms:F1} ms, p99 {m.P99Ms:F1} ms (concurrency {parse.GetValue(concurrency)})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
