using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EFiling.Declarations.Catalogue;
using EFiling.Samples;
using EFiling.Signing;
using EFiling.Validation;

namespace EFiling.Cli.Commands;

/// <summary>
/// `efiling bench-bombs`: what the verdict costs on hostile inputs (issue 11) — many attributes, many elements, deep
/// nesting, long names, many namespace declarations, a huge text node, an entity bomb — and on the largest legitimate
/// filing (a 10,000-row appendix, plus any --file). Each input is judged in a child process of its own, after a warm-up
/// verdict, so the peak resident memory it reports belongs to that verdict alone and not to generating the bombs.
/// Exit 1 when any input takes longer than 2 s, peaks above 300 MB, or gets a verdict other than the one it was made for.
/// </summary>
public static class BenchBombsCommand
{
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(2);
    private const long MaxPeakBytes = 300L * 1024 * 1024;

    /// <summary>The inputs: name, how it is made, the code it must be refused with (null: must be valid).</summary>
    private static readonly (string Name, SampleRequest Request)[] Cases =
    [
        ("attributes-800k", Bomb(SampleDefect.ManyAttributes)),
        ("elements-2M", Bomb(SampleDefect.ManyElements)),
        ("depth-100k", Bomb(SampleDefect.TooDeep)),
        ("name-1M-chars", Bomb(SampleDefect.LongName)),
        ("namespaces-300k", Bomb(SampleDefect.ManyNamespaces)),
        ("text-9M-chars", Bomb(SampleDefect.HugeText)),
        ("entity-bomb", Bomb(SampleDefect.EntityBomb)),
        ("appendix-10000-rows", new SampleRequest { FormCode = "01/GTGT", AppendixRows = 10_000 }),
        // An I-VAN dossier whose second file decodes to 6,000,000 bytes (refused from the length of its text), and a valid one.
        ("dossier-file-6M-decoded", new SampleRequest { FormCode = "D02-LT", Ivan = true, Defect = SampleDefect.FileTooLarge }),
        ("dossier-600", new SampleRequest { FormCode = "D02-LT", Ivan = true }),
    ];

    private static SampleRequest Bomb(SampleDefect defect) => new() { FormCode = "01/GTGT", Defect = defect };

    public static Command Create()
    {
        var pkiDir = new Option<DirectoryInfo?>("--pki") { Description = "A PKI made by `efiling dev-pki` to sign and trust the inputs; default: a new one in a scratch folder." };
        var files = new Option<FileInfo[]>("--file") { Description = "Also measure this declaration (repeatable), e.g. the largest real filing; its verdict is reported, not judged.", AllowMultipleArgumentsPerToken = false };
        // For the --file inputs (the generated ones follow the project's own schemas).
        var packs = SchemaPackOption.Create();
        var only = new Option<string[]>("--only") { Description = "Measure only these inputs: " + string.Join(", ", Cases.Select(c => c.Name)) + "." };
        // The child process's side: judge one file after warming up on another, print one JSON line.
        var measure = new Option<FileInfo?>("--measure") { Hidden = true };
        var warm = new Option<FileInfo?>("--warm") { Hidden = true };

        var command = new Command("bench-bombs", "Measure the verdict's wall time and peak memory on resource bombs and on the largest legitimate filing (targets: 2 s, 300 MB each).")
        {
            pkiDir, files, packs, only, measure, warm,
        };
        command.SetAction(parse =>
        {
            var (packFolders, _) = SchemaPackOption.Resolve(parse, packs);
            if (parse.GetValue(measure) is { } target)
                return MeasureOne(target.FullName, parse.GetValue(warm)!.FullName, parse.GetValue(pkiDir)!.FullName, packFolders);

            var chosen = parse.GetValue(only) is { Length: > 0 } names ? Cases.Where(c => names.Contains(c.Name)).ToArray() : Cases;
            var scratch = Directory.CreateTempSubdirectory("efiling-bombs-").FullName;
            try
            {
                using var pki = DevPki.LoadOrCreate(parse.GetValue(pkiDir)?.FullName ?? Path.Combine(scratch, "pki"));
                var generator = new SampleGenerator(FormCatalogue.Load(), pki);
                var warmFile = Path.Combine(scratch, "warm-up.xml");
                File.WriteAllBytes(warmFile, generator.Generate(new SampleRequest { FormCode = "01/GTGT" }).Bytes);

                var inputs = new List<(string Name, string File, string? Expected, bool Judged)>();
                foreach (var (name, request) in chosen)
                {
                    var sample = generator.Generate(request);
                    var file = Path.Combine(scratch, name + ".xml");
                    File.WriteAllBytes(file, sample.Bytes);
                    inputs.Add((name, file, sample.ExpectedCode, true));
                }
                foreach (var given in parse.GetValue(files) ?? [])
                    inputs.Add((given.Name, given.FullName, null, false));

                Console.WriteLine($"{"input",-24} {"size",9} {"time",9} {"peak RSS",9} {"allocated",10}  verdict");
                var allGood = true;
                foreach (var input in inputs)
                {
                    // A given file warms up on itself: its (pack) schema is compiled before the measured verdict, as in a running service.
                    // Packs only for given files: generated inputs follow the project's own schemas, which a pack's version of the form would override.
                    var m = input.Judged ? RunChild(input.File, warmFile, pki.Folder, []) : RunChild(input.File, input.File, pki.Folder, packFolders);
                    var verdictOk = !input.Judged || (input.Expected is null ? m.Outcome == nameof(ValidationOutcome.Valid) : m.Codes.Contains(input.Expected));
                    var withinTargets = m.Milliseconds <= MaxTime.TotalMilliseconds && m.PeakBytes <= MaxPeakBytes;
                    allGood &= verdictOk && withinTargets;
                    var size = new FileInfo(input.File).Length;
                    Console.WriteLine($"{input.Name,-24} {Megabytes(size),9} {m.Milliseconds,7:F0}ms {Megabytes(m.PeakBytes),9} {Megabytes(m.AllocatedBytes),10}  "
                                      + $"{m.Outcome} {string.Join(",", m.Codes.Distinct())}"
                                      + (verdictOk ? "" : $"  <-- expected {input.Expected ?? "Valid"}")
                                      + (withinTargets ? "" : "  <-- over target"));
                }
                Console.WriteLine($"targets: each verdict under {MaxTime.TotalSeconds:F0} s and {Megabytes(MaxPeakBytes)} peak RSS "
                                  + $"(the child's whole-process peak during the verdict; {PeakSource}). {(allGood ? "All met." : "NOT MET.")}");
                return allGood ? ExitCodes.Ok : ExitCodes.Invalid;
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }
        });
        return command;
    }

    private sealed record Measurement(double Milliseconds, long PeakBytes, long AllocatedBytes, string Outcome, string[] Codes);

    private static Measurement RunChild(string file, string warmFile, string pkiFolder, IReadOnlyList<string> packs)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        // Under `dotnet efiling.dll` the process is dotnet itself: name the assembly again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(BenchBombsCommand).Assembly.Location);
        foreach (var a in new[] { "bench-bombs", "--measure", file, "--warm", warmFile, "--pki", pkiFolder }) info.ArgumentList.Add(a);
        foreach (var pack in packs)
        {
            info.ArgumentList.Add("--schema-pack");
            info.ArgumentList.Add(pack);
        }
        using var child = Process.Start(info)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var line = child.StandardOutput.ReadToEnd().Trim();
        child.WaitForExit();
        if (child.ExitCode != 0 || line.Length == 0)
            throw new InvalidOperationException($"The measuring process for {file} failed ({child.ExitCode}): {stderr.Result}");
        return JsonSerializer.Deserialize<Measurement>(line)!;
    }

    private static int MeasureOne(string file, string warmFile, string pkiFolder, IReadOnlyList<string> packs)
    {
        using var pki = DevPki.Load(pkiFolder);
        var validator = DeclarationValidator.Create(new ValidatorOptions
        {
            SchemaPacks = packs,
            TrustedRoots = pki.PathOf(pki.Manifest.TrustedRoots),
            Intermediates = pki.PathOf(pki.Manifest.Intermediates),
            CrlFolder = Path.GetDirectoryName(pki.PathOf(pki.Manifest.Crl)),
        });
        var now = DateTimeOffset.UtcNow;
        validator.Validate(File.ReadAllBytes(warmFile), now);
        // The service holds the body in memory before it judges it: so does this.
        var bytes = File.ReadAllBytes(file);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ResetPeak();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var result = validator.Validate(bytes, now);
        clock.Stop();
        var measurement = new Measurement(clock.Elapsed.TotalMilliseconds, Peak(), GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore,
            result.Outcome.ToString(), result.Findings.Select(f => f.Code).ToArray());
        Console.WriteLine(JsonSerializer.Serialize(measurement));
        return ExitCodes.Ok;
    }

    private static bool _peakReset;

    private const string PeakSource = "Linux VmHWM reset after the warm-up through /proc/self/clear_refs; elsewhere the whole child's peak";

    /// <summary>Linux: writing 5 to clear_refs resets the high-water mark of resident memory to the current size.</summary>
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            _peakReset = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _peakReset = false;
        }
    }

    private static long Peak()
    {
        if (_peakReset && File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) is { } line)
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):F1} MB";
}
