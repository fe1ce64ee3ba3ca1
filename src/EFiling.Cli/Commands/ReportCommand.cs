using System.CommandLine;
using Azure.Data.Tables;
using EFiling.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EFiling.Cli.Commands;

/// <summary>
/// `efiling report latency [--since TIME]` (for load runs): how long filings waited from receipt to their final status,
/// read from the Filings table (ReceivedAtUtc → DecidedAtUtc), with outcome counts, and the end-to-end rate: the
/// decided filings over the time from the first receipt to the last decision.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var connection = new Option<string?>("--connection") { Description = "Storage connection string (default: $AzureWebJobsStorage, else Azurite's dev account)." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only filings received at or after this time (ISO 8601, e.g. 2026-12-01T19:30:00Z): one load run's filings." };
        var latency = new Command("latency", "p50/p99 of receipt → final status, and outcome counts.") { connection, since };
        latency.SetAction(async (parse, ct) =>
        {
            using var host = CliStorage.Host(parse.GetValue(connection));
            var filings = host.Services.GetRequiredService<StorageClients>().Tables.GetTableClient(host.Services.GetRequiredService<StorageNames>().Tables.Filings);
            var waits = new List<double>();
            DateTimeOffset? firstReceived = null, lastDecided = null;
            var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
            // Filing rows only (pointer rows have no Status).
            var from = parse.GetValue(since);
            await foreach (var row in filings.QueryAsync<TableEntity>("Status ne ''", select: ["Status", "ReceivedAtUtc", "DecidedAtUtc"], cancellationToken: ct))
            {
                if (from is { } start && row.GetDateTimeOffset("ReceivedAtUtc") < start) continue;
                var status = row.GetString("Status") ?? "";
                outcomes[status] = outcomes.GetValueOrDefault(status) + 1;
                if (row.GetDateTimeOffset("DecidedAtUtc") is { } decided && row.GetDateTimeOffset("ReceivedAtUtc") is { } received)
                {
                    waits.Add((decided - received).TotalSeconds);
                    if (firstReceived is null || received < firstReceived) firstReceived = received;
                    if (lastDecided is null || decided > lastDecided) lastDecided = decided;
                }
            }
            waits.Sort();
            double P(double q) => waits.Count == 0 ? double.NaN : waits[Math.Min(waits.Count - 1, (int)Math.Ceiling(q * waits.Count) - 1)];
            Console.WriteLine($"filings: {string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"))}");
            Console.WriteLine($"receipt → decision: n={waits.Count} p50 {P(0.50):F1} s, p99 {P(0.99):F1} s, max {P(1):F1} s");
            if (firstReceived is { } first && lastDecided is { } last && last > first)
                Console.WriteLine($"end to end: {waits.Count} decided in {(last - first).TotalSeconds:F1} s from the first receipt to the last decision = {waits.Count / (last - first).TotalSeconds:F1} filings/s");
            return ExitCodes.Ok;
        });
        return new Command("report", "Reports for load runs.") { Subcommands = { latency } };
    }
}
