using System.CommandLine;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using EFiling.Cli.Submission;
using Spectre.Console;

namespace EFiling.Cli.Commands;

/// <summary>`efiling submit FILE|DIR… --url URL`: send declarations, show progress, summarise the answers.</summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Declaration files, or folders whose *.xml files are sent.", Arity = ArgumentArity.OneOrMore };
        var url = ServiceUrl.Option();
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 8 };
        var key = new Option<string?>("--function-key") { Description = "Azure Functions key (default: $EFILING_FUNCTION_KEY)." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var retries = new Option<int>("--retries")
        {
            Description = "Tries again after no answer, 429 or 5xx, with backoff (at most 5 s apart); identical bytes are safe to resend.",
            DefaultValueFactory = _ => SubmitClient.DefaultRetries,
        };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write each file's outcome as a JSON line as it arrives (status, id, codes, every try's status, SHA-256)." };
        var test = new Option<bool>("--test")
        {
            Description = "Send them as test filings (X-EFiling-Test: true): checked exactly like real ones, receipts marked as tests, " +
                          "never reconciled, counted or shown to officers, deleted after some days. Declarations signed under the " +
                          "service's test trust anchor are only accepted this way.",
        };
        var rate = new Option<double?>("--rate")
        {
            Description = "Offer the files at this steady rate (files per second, started on a fixed schedule whatever the answers), " +
                          "with at most --concurrency in flight; default: as fast as --concurrency allows.",
        };

        var command = new Command("submit", "Submit declarations to the service, with a progress bar and a summary (accepted, refused by code, throughput, p50/p99).")
        {
            paths, url, concurrency, key, json, retries, outFile, rate, test,
        };
        command.SetAction(async (parse, ct) =>
        {
            var files = new List<string>();
            foreach (var p in parse.GetValue(paths)!)
            {
                if (Directory.Exists(p)) files.AddRange(Directory.EnumerateFiles(p, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
                else if (File.Exists(p)) files.Add(p);
                else
                {
                    Console.Error.WriteLine($"No such file or folder: {p}");
                    return ExitCodes.Usage;
                }
            }
            if (parse.GetValue(concurrency) < 1)
            {
                Console.Error.WriteLine("--concurrency must be at least 1.");
                return ExitCodes.Usage;
            }
            if (parse.GetValue(retries) < 0)
            {
                Console.Error.WriteLine("--retries must be 0 or more.");
                return ExitCodes.Usage;
            }
            if (parse.GetValue(rate) is <= 0)
            {
                Console.Error.WriteLine("--rate must be more than 0 files per second.");
                return ExitCodes.Usage;
            }

            var width = parse.GetValue(concurrency);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = width }) { BaseAddress = ServiceUrl.Parse(parse.GetValue(url)!), Timeout = TimeSpan.FromSeconds(100) };
            var client = new SubmitClient(http, parse.GetValue(key) ?? Environment.GetEnvironmentVariable("EFILING_FUNCTION_KEY"), parse.GetValue(retries), parse.GetValue(test));
            await using var lines = parse.GetValue(outFile) is { } o ? new StreamWriter(o.FullName, append: false) { AutoFlush = true } : null;
            var outcomes = new ConcurrentBag<SubmitOutcome>();
            var clock = Stopwatch.StartNew();
            var asJson = parse.GetValue(json);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(asJson ? Console.Error : Console.Out) });
            var lastStart = TimeSpan.Zero;
            await console.Progress().AutoClear(false).StartAsync(async progress =>
            {
                var task = progress.AddTask($"Submitting {files.Count} file(s)", maxValue: files.Count);
                async ValueTask SendAsync(string file, CancellationToken token)
                {
                    var outcome = await client.SubmitAsync(file, token);
                    outcomes.Add(outcome);
                    if (lines is not null)
                        lock (lines) lines.WriteLine(JsonSerializer.Serialize(outcome, SubmitOutcome.JsonOptions));
                    task.Increment(1);
                }
                if (parse.GetValue(rate) is { } perSecond) lastStart = await SteadyRate.RunAsync(files, perSecond, width, clock, SendAsync, ct);
                else await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = width, CancellationToken = ct }, SendAsync);
            });
            clock.Stop();

            var summary = SubmitSummary.From(outcomes.ToList(), clock.Elapsed);
            if (parse.GetValue(rate) is { } target && files.Count > 1)
                console.MarkupLineInterpolated($"offered {(files.Count - 1) / Math.Max(lastStart.TotalSeconds, 1e-9):F1} files/s (target {target:F1}, at most {width} in flight)");
            if (asJson) Console.WriteLine(JsonSerializer.Serialize(summary, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
            else Print(console, summary, outcomes);
            // A refusal is an answer (1); a file that got no answer at all is worth sending again (3).
            return summary.Failed > 0 ? ExitCodes.Unreachable : summary.Refused > 0 ? ExitCodes.Invalid : ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, SubmitSummary s, IEnumerable<SubmitOutcome> outcomes)
    {
        var table = new Table().AddColumn("").AddColumn(new TableColumn("").RightAligned()).HideHeaders();
        table.AddRow("files", s.Files.ToString());
        table.AddRow("accepted (202)", s.Accepted.ToString());
        table.AddRow("already filed (200)", s.AlreadyFiled.ToString());
        table.AddRow("refused", s.Refused.ToString());
        foreach (var (code, n) in s.RefusedByCode) table.AddRow($"  {Markup.Escape(code)}", n.ToString());
        table.AddRow("transport failures", s.Failed.ToString());
        table.AddRow("elapsed", $"{s.Seconds:F2} s");
        table.AddRow("throughput", $"{s.PerSecond:F1} filings/s");
        table.AddRow("latency p50 / p99", $"{s.P50Ms:F1} / {s.P99Ms:F1} ms");
        console.Write(table);
        foreach (var failure in outcomes.Where(o => o.Failure is not null).Take(5)) console.MarkupLineInterpolated($"[red]{failure.File}: {failure.Failure}[/]");
    }
}
