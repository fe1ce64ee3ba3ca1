using System.CommandLine;
using EFiling.Cli.Statistics;
using EFiling.Statistics;
using Microsoft.Extensions.DependencyInjection;

namespace EFiling.Cli.Commands;

/// <summary>
/// `efiling stats rebuild [--fix]`: recounts every counter from the sources (filing index, counter filings, payments)
/// straight in storage, prints each difference, and with --fix rewrites what differs. Exit 1 when differences were
/// found and not fixed. `efiling stats demo`: paper filings and payments that put the demo offices around their targets.
/// </summary>
public static class StatsCommand
{
    public static Command Create() => new("stats", "Online-share statistics: check and repair the counters, demo data.") { Rebuild(), StatsDemoCommand.Create() };

    private static Command Rebuild()
    {
        var fix = new Option<bool>("--fix") { Description = "Rewrite the partitions that differ (run while intake is quiet)." };
        var connection = new Option<string?>("--connection") { Description = "Storage connection string (default: $AzureWebJobsStorage, else Azurite's dev account)." };
        var command = new Command("rebuild", "Recount every counter from its sources and report (and with --fix repair) every difference.") { fix, connection };
        command.SetAction(async (parse, ct) =>
        {
            using var host = CliStorage.Host(parse.GetValue(connection));
            var report = await Rebuilder(host.Services).RunAsync(parse.GetValue(fix), ct);
            foreach (var d in report.Differences)
                Console.WriteLine($"{d.Partition} {d.Row} {d.Property}: counted {d.Actual}, sources say {d.Expected}");
            Console.WriteLine($"{report.Items} item(s), {report.Partitions} partition(s), {report.Differences.Count} difference(s)" +
                (parse.GetValue(fix) ? $", {report.PartitionsRewritten} partition(s) rewritten" : ""));
            return report.Differences.Count > 0 && !parse.GetValue(fix) ? ExitCodes.Invalid : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The recount over the host's storage account, as AddEFilingStatistics registers it (also run by `efiling chaos check`).</summary>
    public static StatsRebuilder Rebuilder(IServiceProvider services) => services.GetRequiredService<StatsRebuilder>();
}
