using System.CommandLine;
using System.Diagnostics;
using EFiling.Cli.Chaos;
using EFiling.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EFiling.Cli.Commands;

/// <summary>
/// `efiling chaos check --results FILE`: the checking half of `scripts/chaos.sh` (`./test.sh --chaos`), which submits
/// while it kills Azurite and the app. Waits (bounded) until nothing is in flight, then checks every promise of the
/// intake against storage (<see cref="ChaosCheck"/>) and the statistics recount; prints a summary, exit 1 on any violation.
/// </summary>
public static class ChaosCommand
{
    public static Command Create()
    {
        var results = new Option<FileInfo>("--results") { Description = "The outcomes `efiling submit --out` wrote.", Required = true };
        var kills = new Option<FileInfo?>("--kills") { Description = "A log of the kills (one line each), printed in the summary." };
        var timeout = new Option<int>("--settle-timeout")
        {
            Description = "Waiting for every filing to be decided and the outbox and queue to empty: give up when nothing moved for this many seconds (and after 12 times that in all).",
            DefaultValueFactory = _ => 300,
        };
        var connection = new Option<string?>("--connection") { Description = "Storage connection string (default: $AzureWebJobsStorage, else Azurite's dev account)." };
        var check = new Command("check", "After a chaos run: wait until nothing is in flight, then check that every receipt holds, nothing is half-there or counted twice.")
        {
            results, kills, timeout, connection,
        };
        check.SetAction(async (parse, ct) =>
        {
            var clock = Stopwatch.StartNew();
            using var host = CliStorage.Host(parse.GetValue(connection));
            var checker = new ChaosCheck(host.Services.GetRequiredService<StorageClients>(), host.Services.GetRequiredService<StorageNames>());
            var outcomes = ChaosCheck.ReadResults(parse.GetValue(results)!.FullName);

            var (state, waited) = await checker.SettleAsync(TimeSpan.FromSeconds(parse.GetValue(timeout)), TimeSpan.FromSeconds(12 * parse.GetValue(timeout)), s => Console.WriteLine($"  waiting: {s}"), ct);
            var report = await checker.RunAsync(outcomes, ct);
            var stats = await StatsCommand.Rebuilder(host.Services).RunAsync(fix: false, ct);

            void Line(string name, object value) => Console.WriteLine($"  {name,-34} {value}");
            Console.WriteLine("== Chaos check");
            Line("files submitted", report.Files);
            Line("distinct contents", report.Contents);
            Line("final answers", string.Join(", ", report.FinalStatuses.Select(s => $"{(s.Key == 0 ? "no answer" : s.Key)}: {s.Value}")));
            Line("refusal/error codes", report.ErrorCodes.Count == 0 ? "none" : string.Join(", ", report.ErrorCodes.Select(c => $"{c.Key} {c.Value}")));
            Line("every try's answer", string.Join(", ", report.AttemptStatuses.Select(s => $"{(s.Key == 0 ? "no answer" : s.Key)}: {s.Value}")));
            Line("files retried / retries", $"{report.FilesRetried} / {report.Retries}");
            if (parse.GetValue(kills) is { Exists: true } k)
                foreach (var kill in File.ReadLines(k.FullName)) Line("kill", kill);
            Line("settled", $"{(state.Settled ? "yes" : "NO")} after {waited.TotalSeconds:F0} s ({state})");
            Line("contents with a receipt", report.AcknowledgedContents);
            Line("decided", string.Join(", ", report.Decided.Select(d => $"{d.Key} {d.Value}")));
            Line("errors, nothing stored", report.ErrorContentsAbsent);
            Line("errors, stored and complete", report.ErrorContentsStoredComplete);
            Line("missing (must be 0)", report.Missing.Count);
            Line("receipt mismatches (must be 0)", report.ReceiptMismatches.Count);
            Line("duplicates (must be 0)", report.Duplicates.Count);
            Line("not reconciled (must be 0)", report.NotReconciled.Count);
            Line("half-there (must be 0)", report.HalfThere.Count);
            Line("unknown filings (must be 0)", report.Unknown.Count);
            Line("left in flight (must be 0)", report.Leftovers.Count);
            Line("stats differences (must be 0)", $"{stats.Differences.Count} ({stats.Items} item(s) recounted in {stats.Partitions} partition(s))");
            Line("check took", $"{clock.Elapsed.TotalSeconds:F0} s");
            foreach (var (what, list) in new[] { ("missing", report.Missing), ("receipt", report.ReceiptMismatches), ("duplicate", report.Duplicates),
                         ("not reconciled", report.NotReconciled), ("half-there", report.HalfThere), ("unknown", report.Unknown), ("left", report.Leftovers) })
                foreach (var item in list.Take(20)) Console.WriteLine($"  {what}: {item}");
            foreach (var d in stats.Differences.Take(20)) Console.WriteLine($"  stats: {d.Partition} {d.Property}: counted {d.Actual}, sources say {d.Expected}");

            var violations = report.Violations + stats.Differences.Count + (state.Settled ? 0 : 1);
            Console.WriteLine(violations == 0 ? "Chaos check passed." : $"Chaos check FAILED: {violations} violation(s).");
            return violations == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return new Command("chaos", "Chaos runs (scripts/chaos.sh): check what storage holds after the kills.") { Subcommands = { check } };
    }
}
