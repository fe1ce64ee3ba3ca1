using System.CommandLine;
using System.Text;
using EFiling.Declarations.Deadlines;

namespace EFiling.Cli.Statistics;

/// <summary>`efiling stats demo --samples DIR --out DIR`: writes counter-filings.csv and payments.csv for run.sh's demo.</summary>
public static class StatsDemoCommand
{
    public static Command Create()
    {
        var samples = new Option<DirectoryInfo>("--samples") { Description = "The demo declarations that are sent online (run.sh's .run/samples).", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder for counter-filings.csv and payments.csv.", Required = true };
        var command = new Command("demo", "Write demo paper filings and payments that put the demo offices above and below their targets.") { samples, outDir };
        command.SetAction(parse =>
        {
            var online = StatsDemoData.ReadSamples(parse.GetValue(samples)!.FullName);
            var (paper, payments) = StatsDemoData.Make(online, VietnamTime.DateOf(DateTimeOffset.UtcNow));
            var dir = parse.GetValue(outDir)!;
            dir.Create();
            File.WriteAllText(Path.Combine(dir.FullName, "counter-filings.csv"), paper, new UTF8Encoding(false));
            File.WriteAllText(Path.Combine(dir.FullName, "payments.csv"), payments, new UTF8Encoding(false));
            Console.WriteLine($"wrote {paper.Count(c => c == '\n') - 1} counter filings and {payments.Count(c => c == '\n') - 1} payments to {dir.FullName}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
