using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using EFiling.Cli.Bench;
using EFiling.Cli.Submission;
using EFiling.Declarations.Catalogue;
using EFiling.Samples;
using EFiling.Signing;
using EFiling.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EFiling.Cli.Commands;

/// <summary>
/// `efiling bench intake`: the request path against its ceiling, in one run. Each round measures the raw storage
/// ceiling (<see cref="StorageCeiling"/>: intake's three writes per filing, the same bytes as the app wrote for one
/// filing of the warm-up, on the same storage account) and then
/// submits as many new signed declarations to the app at the same concurrency, and prints both and their ratio.
/// Run the app with its reconciliation listener off (<c>EFiling__QueueListener=false</c>), so that only the request
/// path is measured; the command warns when the queue says otherwise. Last, the verdict alone (the same validator,
/// in this process, on the same files, one at a time): the CPU the request path spends before it writes anything,
/// which on a small machine decides how close to the ceiling intake can come.
/// </summary>
public static class BenchIntakeCommand
{
    public static Command Create()
    {
        var url = ServiceUrl.Option();
        var pki = new Option<DirectoryInfo>("--pki") { Description = "The PKI (`efiling dev-pki`) the app trusts: the declarations are signed with its taxpayers' certificates.", Required = true };
        var connection = new Option<string?>("--connection") { Description = "The app's storage connection string (default: $AzureWebJobsStorage, else Azurite's dev account)." };
        var count = new Option<int>("--count") { Description = "Filings per measurement.", DefaultValueFactory = _ => 600 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests (and ceiling writes) in flight at once.", DefaultValueFactory = _ => 32 };
        var rounds = new Option<int>("--rounds") { Description = "Ceiling and intake measured this many times, alternately (the machine may be shared: the ratios of one round are what counts).", DefaultValueFactory = _ => 1 };
        var slices = new Option<int>("--slices") { Description = "Each round's ceiling and intake taken in this many alternating slices of --count/slices filings, so both meet the same load of whatever else shares the machine.", DefaultValueFactory = _ => 4 };
        var form = new Option<string>("--form") { Description = "Form of the generated declarations.", DefaultValueFactory = _ => "01/GTGT" };
        var seed = new Option<int>("--seed") { Description = "Random seed of the declarations (another seed, other declarations: a rerun on the same storage must not resend the same bytes).", DefaultValueFactory = _ => Environment.TickCount };
        var key = new Option<string?>("--function-key") { Description = "Azure Functions key (default: $EFILING_FUNCTION_KEY)." };
        var appPid = new Option<int?>("--app-pid") { Description = "The app's process id, for its CPU per filing (default: the process listening on --url's port; Linux only)." };
        var storagePid = new Option<int?>("--azurite-pid") { Description = "The storage emulator's process id, for its CPU per filing (default: the process listening on the blob endpoint's port; Linux only)." };
        var command = new Command("intake", "Measure the request path (POST /api/filings) against the raw storage ceiling of its writes, in one run, and print the ratio.")
        {
            url, pki, connection, count, concurrency, rounds, slices, form, seed, key, appPid, storagePid,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (n, width, times, parts) = (parse.GetValue(count), parse.GetValue(concurrency), parse.GetValue(rounds), parse.GetValue(slices));
            if (n < 1 || width < 1 || times < 1 || parts < 1 || parts > n)
            {
                Console.Error.WriteLine("--count, --concurrency, --rounds and --slices must be at least 1, --slices at most --count.");
                return ExitCodes.Usage;
            }
            var catalogue = FormCatalogue.Load();
            if (catalogue.FormByCode(parse.GetValue(form)!) is not { } definition)
            {
                Console.Error.WriteLine($"Unknown form '{parse.GetValue(form)}'.");
                return ExitCodes.Usage;
            }
            using var host = CliStorage.Host(parse.GetValue(connection));
            var clients = host.Services.GetRequiredService<StorageClients>();
            var names = host.Services.GetRequiredService<StorageNames>();
            using var devPki = DevPki.Load(parse.GetValue(pki)!.FullName);

            // Every declaration made before anything is timed; some more warm the app up (trust, schemas, and the JIT: .NET
            // compiles a method again after some 30 calls and a pause, so round 1 would otherwise pay for it).
            // Passes of this many filings each, until the app's CPU per filing stops falling (at most MaxPasses).
            const int warmUpPass = 128, MinPasses = 2, MaxPasses = 6;
            const int warmUp = warmUpPass * MaxPasses;
            var generator = new SampleGenerator(catalogue, devPki, parse.GetValue(seed));
            var samples = Enumerable.Range(0, n * times + warmUp).Select(_ => generator.Generate(new SampleRequest { FormCode = definition.Code })).ToList();
            var size = (int)samples.Average(s => s.Bytes.Length);
            Console.WriteLine($"{samples.Count} {definition.Code} declarations made (mean {size / 1024.0:F1} KB); concurrency {width}");

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = width }) { BaseAddress = ServiceUrl.Parse(parse.GetValue(url)!), Timeout = TimeSpan.FromSeconds(100) };
            var client = new SubmitClient(http, parse.GetValue(key) ?? Environment.GetEnvironmentVariable("EFILING_FUNCTION_KEY"), retries: 0);
            var queue = host.Services.GetRequiredService<FilingQueue>().Received;
            var queuedBefore = await QueuedAsync(queue, ct);
            // Where the CPU of a filing goes, per process and phase: read before and after each timed phase. Everything the
            // client does per filing in the intake phase beyond the ceiling's work (the declarations are made above) is
            // one HTTP request and its JSON answer.
            var cpu = ProcessCpu.For(
                ("Azurite", parse.GetValue(storagePid) ?? ProcessCpu.ListeningOn(clients.Blobs.Uri.Port)),
                ("app", parse.GetValue(appPid) ?? ProcessCpu.ListeningOn(http.BaseAddress!.Port)),
                ("bench client", Environment.ProcessId));
            if (cpu.Note is { } note) Console.WriteLine(note);
            // Pass after pass, each followed by a pause: .NET first recompiles a hot method with instrumentation, then
            // optimised, and methods reach those steps at different passes. Warm once a pass costs the app no less CPU
            // per filing than the one before it (within 10 %).
            WriteShape? shape = null;
            double? previous = null;
            var warmedWith = 0;
            for (var pass = 0; pass < MaxPasses; pass++)
            {
                var before = cpu.Read();
                var (warm, _) = await SubmitAllAsync(client, samples.Skip(pass * warmUpPass).Take(warmUpPass).ToList(), width, ct);
                var appCpu = ProcessCpu.PerOperation(before, cpu.Read(), warmUpPass)[1];
                warmedWith += warmUpPass;
                if (warm.Any(o => o.Status != 202))
                {
                    Console.Error.WriteLine($"Warm-up: the app answered {string.Join(", ", warm.Select(o => o.Failure ?? o.Status.ToString()).Distinct())}, not 202; is it running on this storage and does it trust {devPki.Folder}?");
                    return ExitCodes.Unreachable;
                }
                // The ceiling writes what intake wrote for one of these filings (its blob's metadata, its row, its
                // message), so both phases ask the same of the storage.
                shape ??= await WriteShape.ReadAsync(clients, names, warm[0].Sha256, ct);
                if (shape is null)
                {
                    Console.Error.WriteLine("Warm-up: the app's writes of a filing it took in were not found on this storage: is the app on the same storage (--connection)?");
                    return ExitCodes.Unreachable;
                }
                if (pass == 0) Console.WriteLine($"ceiling writes per filing what intake wrote: {shape}");
                await StorageCeiling.RunAsync(clients, warmUpPass, width, shape, ct); // the ceiling's own code warmed up alike
                // The recompiles happen in the background: the clock starts once every process is quiet again (a fixed
                // 2 s pause was not enough: the app was still compiling for 2 s of the timed phase, about 1 s of CPU).
                var waited = await cpu.WaitUntilQuietAsync(TimeSpan.FromMilliseconds(500), share: 0.05, limit: TimeSpan.FromSeconds(60), ct);
                Console.WriteLine($"warm-up pass {pass + 1}: app CPU {Ms(appCpu)} ms per filing; quiet again after {waited.TotalSeconds:F1} s");
                if (pass + 1 >= MinPasses && appCpu is { } now && previous is { } last && now >= last * 0.9) break;
                previous = appCpu;
            }

            var cpuCeiling = new double[cpu.Names.Count()];
            var cpuIntake = new double[cpuCeiling.Length];

            await using var scratch = await StorageCeiling.Scratch.CreateAsync(clients, ct);
            var ratios = new List<(double Throughput, double P99)>();
            var failures = 0;
            for (var round = 0; round < times; round++)
            {
                // Slice by slice, ceiling then intake: a burst of someone else's work on the machine falls on both alike.
                var roundSamples = samples.Skip(warmUp + round * n).Take(n).ToList();
                var (ceilingLatencies, outcomes) = (new List<double>(), new List<SubmitOutcome>());
                var (ceilingTime, intakeTime) = (TimeSpan.Zero, TimeSpan.Zero);
                var ceilingCpu = new double?[cpuCeiling.Length];
                var intakeCpu = new double?[cpuCeiling.Length];
                for (var slice = 0; slice < parts; slice++)
                {
                    var (from, to) = (slice * n / parts, (slice + 1) * n / parts);
                    var before = cpu.Read();
                    var (latencies, elapsed) = await scratch.RunAsync(to - from, width, shape!, ct);
                    var between = cpu.Read();
                    var (sliceOutcomes, sliceTime) = await SubmitAllAsync(client, roundSamples[from..to], width, ct);
                    var after = cpu.Read();
                    ceilingLatencies.AddRange(latencies);
                    outcomes.AddRange(sliceOutcomes);
                    (ceilingTime, intakeTime) = (ceilingTime + elapsed, intakeTime + sliceTime);
                    Add(ceilingCpu, ProcessCpu.PerOperation(before, between, n));
                    Add(intakeCpu, ProcessCpu.PerOperation(between, after, n));
                }
                var ceiling = Measurement.From(ceilingLatencies, ceilingTime);
                var intake = Measurement.From(outcomes.Where(o => o.Failure is null).Select(o => o.Latency.TotalMilliseconds), intakeTime);
                for (var i = 0; i < cpuCeiling.Length; i++) { cpuCeiling[i] += (ceilingCpu[i] ?? double.NaN) / times; cpuIntake[i] += (intakeCpu[i] ?? double.NaN) / times; }
                var notNew = outcomes.Where(o => o.Status != 202).ToList();
                failures += notNew.Count;
                var prefix = times > 1 ? $"round {round + 1}: " : "";
                Console.WriteLine($"{prefix}storage ceiling (blob + row + message): {ceiling}");
                Console.WriteLine($"{prefix}intake (POST /api/filings, 202):       {intake}" +
                                  (notNew.Count > 0 ? $"; {notNew.Count} not 202 ({string.Join(", ", notNew.GroupBy(o => o.Failure is null ? o.Status.ToString() : "no answer").Select(g => $"{g.Count()}× {g.Key}"))})" : ""));
                ratios.Add((intake.PerSecond / ceiling.PerSecond, intake.P99Ms / ceiling.P99Ms));
                Console.WriteLine($"{prefix}intake / ceiling: throughput {ratios[^1].Throughput:F2}×, p99 {ratios[^1].P99:F2}×");
                Console.WriteLine($"{prefix}CPU ms per filing: ceiling {CpuLine(cpu.Names, ceilingCpu)}; intake {CpuLine(cpu.Names, intakeCpu)}");
            }
            if (times > 1)
            {
                double Median(IEnumerable<double> values) { var v = values.Order().ToArray(); return v[v.Length / 2]; }
                Console.WriteLine($"median of {times} rounds: throughput {Median(ratios.Select(r => r.Throughput)):F2}×, p99 {Median(ratios.Select(r => r.P99)):F2}× the ceiling");
            }

            Console.WriteLine($"CPU ms per filing{(times > 1 ? $", mean of {times} rounds" : "")} (the whole machine includes whatever else runs on it):");
            Console.WriteLine($"  {"",-9}{string.Concat(cpu.Names.Select(name => $"{name,15}"))}");
            Console.WriteLine($"  {"ceiling",-9}{string.Concat(cpuCeiling.Select(v => $"{Ms(v),15}"))}");
            Console.WriteLine($"  {"intake",-9}{string.Concat(cpuIntake.Select(v => $"{Ms(v),15}"))}");

            var verdict = VerdictCost(devPki, samples.Take(Math.Min(samples.Count, 200)).ToList());
            Console.WriteLine($"verdict alone (this process, one thread, {verdict.Files} files): {verdict.WallMs:F1} ms and {verdict.CpuMs:F1} ms CPU per filing");

            // The messages of the filings just taken in should all still be there: otherwise reconciliation ran alongside.
            var queued = await QueuedAsync(queue, ct) - queuedBefore;
            var accepted = n * times + warmedWith - failures;
            if (queued < accepted * 9 / 10)
                Console.Error.WriteLine($"Warning: {accepted} filings taken in but only {queued} more messages queued: the app's reconciliation listener seems to be on (EFiling__QueueListener=false measures the request path alone).");
            return failures > 0 ? ExitCodes.Invalid : ExitCodes.Ok;
        });
        return command;
    }

    private static string Ms(double? ms) => ms is { } v && !double.IsNaN(v) ? v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "-";

    private static string CpuLine(IEnumerable<string> names, double?[] ms) => string.Join(", ", names.Zip(ms, (name, v) => $"{name} {Ms(v)}"));

    private static void Add(double?[] sum, double?[] more)
    {
        for (var i = 0; i < sum.Length; i++) sum[i] = sum[i] is { } a && more[i] is { } b ? a + b : sum[i] ?? more[i];
    }

    private static async Task<(IReadOnlyList<SubmitOutcome> Outcomes, TimeSpan Elapsed)> SubmitAllAsync(
        SubmitClient client, IReadOnlyList<Sample> samples, int concurrency, CancellationToken ct)
    {
        var outcomes = new ConcurrentBag<SubmitOutcome>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(samples, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (sample, token) => outcomes.Add(await client.SubmitAsync(sample.FileName, sample.Bytes, token)));
        clock.Stop();
        return (outcomes.ToList(), clock.Elapsed);
    }

    /// <summary>The full verdict on each file, as the service gives it (trusting the PKI, as of now), after a warm-up:
    /// wall time and process CPU time per file.</summary>
    private static (int Files, double WallMs, double CpuMs) VerdictCost(DevPki pki, IReadOnlyList<Sample> samples)
    {
        var validator = EFiling.Validation.DeclarationValidator.Create(new EFiling.Validation.ValidatorOptions
        {
            TrustedRoots = pki.PathOf(pki.Manifest.TrustedRoots), Intermediates = pki.PathOf(pki.Manifest.Intermediates),
            CrlFolder = Path.GetDirectoryName(pki.PathOf(pki.Manifest.Crl)),
        });
        foreach (var sample in samples.Take(10)) validator.Validate(sample.Bytes, DateTimeOffset.UtcNow);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        foreach (var sample in samples)
            if (!validator.Validate(sample.Bytes, DateTimeOffset.UtcNow).IsValid) throw new InvalidOperationException($"{sample.FileName} is not valid.");
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return (samples.Count, clock.Elapsed.TotalMilliseconds / samples.Count, used.TotalMilliseconds / samples.Count);
    }

    private static async Task<int> QueuedAsync(Azure.Storage.Queues.QueueClient queue, CancellationToken ct) =>
        await queue.ExistsAsync(ct) ? (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount : 0;
}
