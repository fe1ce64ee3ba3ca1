using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EFiling.Signing;
using EFiling.Validation;

namespace EFiling.Cli.Commands;

/// <summary>
/// `efiling bench verify --files DIR`: EFiling's full verdict (limits, schema, header, rules, XMLDSig, chain, CRLs) against
/// `xmlsec1 --verify` (signature and chain only) over the same files in one run, as marginal time per file. The machine
/// is shared and noisy, so the two are measured in alternation, round after round, and the medians compared: the ratio
/// is the figure to quote. EFiling runs in this process after a warm-up (as the service does: the bytes in memory, the
/// schemas compiled); xmlsec1 runs as one process over all the files of a size class and over a tenth of them, and the
/// difference divided by the difference in files is its marginal time per file, without its start-up.
/// </summary>
public static class BenchVerifyCommand
{
    public static Command Create()
    {
        var folder = new Option<DirectoryInfo>("--files") { Description = "Folder of signed declarations (*.xml) to verify, e.g. made by `efiling sample`.", Required = true };
        var pkiDir = new Option<DirectoryInfo?>("--pki") { Description = "The `efiling dev-pki` folder that signed them: its trusted roots, intermediates and CRLs." };
        var roots = new Option<string?>("--trusted-roots") { Description = "PEM bundle of trusted root CAs (default: the --pki's, else $EFiling__TrustedRoots)." };
        var intermediates = new Option<string?>("--intermediates") { Description = "PEM bundle of intermediate CAs (default: the --pki's, else $EFiling__Intermediates)." };
        var crls = new Option<string?>("--crl-folder") { Description = "Folder of CRL files (default: the --pki's, else as `efiling validate`)." };
        var packs = SchemaPackOption.Create();
        var rounds = new Option<int>("--rounds") { Description = "Measured rounds (the medians are printed).", DefaultValueFactory = _ => 5 };
        var at = new Option<DateTimeOffset?>("--at") { Description = "Check certificates as of this time (default: now)." };
        var xmlsec = new Option<string>("--xmlsec1") { Description = "The xmlsec1 executable.", DefaultValueFactory = _ => "xmlsec1" };
        var xmlDsig = XmlDsigOption.Create();

        var command = new Command("verify", "Time EFiling's full verdict against `xmlsec1 --verify` over the same files, per file, and print the ratio.")
        {
            folder, pkiDir, roots, intermediates, crls, packs, rounds, at, xmlsec, xmlDsig,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(folder)!;
            if (!dir.Exists)
            {
                Console.Error.WriteLine($"No such folder: {dir.FullName}");
                return ExitCodes.Usage;
            }
            var files = dir.GetFiles("*.xml").OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                Console.Error.WriteLine($"No *.xml file in {dir.FullName}");
                return ExitCodes.Usage;
            }
            var roundCount = Math.Max(1, parse.GetValue(rounds));

            string? rootsPath = parse.GetValue(roots), intermediatesPath = parse.GetValue(intermediates), crlFolder = parse.GetValue(crls);
            if (parse.GetValue(pkiDir) is { } pkiFolder)
            {
                using var pki = DevPki.Load(pkiFolder.FullName);
                rootsPath ??= pki.PathOf(pki.Manifest.TrustedRoots);
                intermediatesPath ??= pki.PathOf(pki.Manifest.Intermediates);
                crlFolder ??= Path.GetDirectoryName(pki.PathOf(pki.Manifest.Crl));
            }
            var trust = TrustSettings.Resolve(rootsPath, intermediatesPath, crlFolder);
            if (trust.TrustedRoots is null)
            {
                Console.Error.WriteLine("Name the trust: --pki DIR, or --trusted-roots (and --intermediates) as for `efiling validate`.");
                return ExitCodes.Usage;
            }

            DeclarationValidator validator;
            try
            {
                validator = DeclarationValidator.Create(new ValidatorOptions
                {
                    SchemaPacks = SchemaPackOption.Resolve(parse, packs).Folders,
                    TrustedRoots = trust.TrustedRoots,
                    Intermediates = trust.Intermediates,
                    CrlFolder = trust.CrlFolder,
                    OnlineRevocation = true,
                    RevocationCache = new DiskRevocationCache(trust.RevocationCache),
                    WhenRevocationUnknown = trust.WhenRevocationUnknown,
                    XmlDsig = XmlDsigOption.Resolve(parse, xmlDsig),
                });
            }
            catch (ValidatorConfigurationException e)
            {
                Console.Error.WriteLine($"{trust.SourceOf(e.Setting)}: {e.Problem}");
                return ExitCodes.Usage;
            }

            var scratch = Directory.CreateTempSubdirectory("efiling-bench-verify-").FullName;
            try
            {
                var xmlsecArguments = new[]
                {
                    "--verify", "--trusted-pem", AsFile(trust.TrustedRoots, scratch, "roots.pem"),
                }.Concat(trust.Intermediates is null ? [] : ["--untrusted-pem", AsFile(trust.Intermediates, scratch, "intermediates.pem")])
                 // The signed part's id attribute, as HTKK and the eTax portal spell it.
                 .Concat(["--id-attr:id", "HSoKhaiThue", "--id-attr:ID", "HSoKhaiThue", "--id-attr:Id", "HSoKhaiThue"])
                 .ToArray();
                return Run(files, validator, parse.GetValue(at) ?? DateTimeOffset.UtcNow, roundCount, parse.GetValue(xmlsec)!, xmlsecArguments);
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }
        });
        return command;
    }

    private sealed record SizeClass(string Label, List<(string Path, byte[] Bytes)> Files);

    private static int Run(List<FileInfo> files, DeclarationValidator validator, DateTimeOffset at, int rounds, string xmlsec, string[] xmlsecArguments)
    {
        // Size classes: a 7 KB and a 400 KB declaration are timed apart, files within a factor of two of each other together.
        var classes = new List<SizeClass>();
        foreach (var file in files.Select(f => (Path: f.FullName, Bytes: File.ReadAllBytes(f.FullName))).OrderBy(f => f.Bytes.Length))
        {
            if (classes.Count == 0 || file.Bytes.Length > 2 * classes[^1].Files[0].Bytes.Length) classes.Add(new SizeClass("", []));
            classes[^1].Files.Add(file);
        }
        classes = classes.Select(c => c with { Label = Kilobytes(Median(c.Files.Select(f => (double)f.Bytes.Length).ToList())) }).ToList();

        // Warm-up, and the verdicts: a benchmark of refusals would time the wrong thing, so they are counted and shown.
        var invalid = 0;
        foreach (var (path, bytes) in classes.SelectMany(c => c.Files))
        {
            var result = validator.Validate(bytes, at);
            if (!result.IsValid)
            {
                invalid++;
                if (invalid <= 3) Console.Error.WriteLine($"INVALID {Path.GetFileName(path)}: {string.Join(", ", result.Findings.Select(f => f.Code).Distinct())}");
            }
        }
        var warmUpPasses = WarmUp(classes, validator, at);

        var xmlsecFailures = 0;
        var results = new List<(SizeClass Class, double EfilingMs, double AllocatedBytes, double XmlsecMs)>();
        foreach (var sizeClass in classes)
        {
            var n = sizeClass.Files.Count;
            var few = Math.Max(1, n / 10);
            var efiling = new List<double>();
            var allocated = new List<double>();
            var xmlsecMs = new List<double>();
            // Warm xmlsec1's files into the page cache as well.
            xmlsecFailures += RunXmlsec(xmlsec, xmlsecArguments, sizeClass.Files, n).Failed;
            for (var round = 0; round < rounds; round++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                foreach (var (_, bytes) in sizeClass.Files) validator.Validate(bytes, at);
                clock.Stop();
                allocated.Add((GC.GetAllocatedBytesForCurrentThread() - before) / (double)n);
                efiling.Add(clock.Elapsed.TotalMilliseconds / n);

                if (n > few)
                {
                    var all = RunXmlsec(xmlsec, xmlsecArguments, sizeClass.Files, n).Milliseconds;
                    var part = RunXmlsec(xmlsec, xmlsecArguments, sizeClass.Files, few).Milliseconds;
                    xmlsecMs.Add((all - part) / (n - few));
                }
            }
            results.Add((sizeClass, Median(efiling), Median(allocated), xmlsecMs.Count > 0 ? Median(xmlsecMs) : double.NaN));
        }

        Console.WriteLine($"efiling bench verify: {files.Count} files in {classes.Count} size classes, {rounds} rounds, medians; "
                          + $"EFiling's full verdict in this process (warmed up over {warmUpPasses} passes) vs xmlsec1 --verify's marginal time per file");
        Console.WriteLine($"{"size",8} {"files",6} {"efiling ms/file",16} {"allocated/file",15} {"xmlsec1 ms/file",16} {"ratio",8}");
        foreach (var (sizeClass, efilingMs, allocatedBytes, xmlsecPerFile) in results)
        {
            var ratio = double.IsNaN(xmlsecPerFile) ? "n/a" : $"{efilingMs / xmlsecPerFile:F2}×";
            Console.WriteLine($"{sizeClass.Label,8} {sizeClass.Files.Count,6} {efilingMs,16:F3} {Kilobytes(allocatedBytes),15} "
                              + $"{(double.IsNaN(xmlsecPerFile) ? "n/a (1 file)" : xmlsecPerFile.ToString("F3", CultureInfo.InvariantCulture)),16} {ratio,8}");
        }
        Console.WriteLine($"verdicts: {files.Count - invalid} valid, {invalid} invalid; xmlsec1: {files.Count - xmlsecFailures} verified, {xmlsecFailures} not");
        return invalid == 0 && xmlsecFailures == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    /// <summary>
    /// Runs the verdicts until the JIT is done with them, as in a service that has been up for a while: .NET compiles a
    /// method quickly first and again, optimised, in the background once it has been called often, and on a loaded machine
    /// that takes seconds; timing before it finishes times the compiler. Passes repeat until one compiles no method (or
    /// 60 s); returns how many ran.
    /// </summary>
    private static int WarmUp(List<SizeClass> classes, DeclarationValidator validator, DateTimeOffset at)
    {
        var clock = Stopwatch.StartNew();
        var passes = 0;
        long compiled;
        do
        {
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            foreach (var (_, bytes) in classes.SelectMany(c => c.Files)) validator.Validate(bytes, at);
            passes++;
        }
        while (System.Runtime.JitInfo.GetCompiledMethodCount() != compiled && clock.Elapsed < TimeSpan.FromSeconds(60));
        return passes;
    }

    /// <summary>One xmlsec1 process over the first <paramref name="count"/> files: its wall time and how many did not verify.</summary>
    private static (double Milliseconds, int Failed) RunXmlsec(string xmlsec, string[] arguments, List<(string Path, byte[] Bytes)> files, int count)
    {
        var info = new ProcessStartInfo(xmlsec) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (path, _) in files.Take(count)) info.ArgumentList.Add(path);
        var clock = Stopwatch.StartNew();
        Process child;
        try
        {
            child = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{xmlsec} cannot be started ({e.Message}); scripts/install-tools.sh installs it.", e);
        }
        using (child)
        {
            var stdout = child.StandardOutput.ReadToEndAsync();
            var stderr = child.StandardError.ReadToEnd();
            child.WaitForExit();
            clock.Stop();
            // xmlsec1 prints "OK" (stderr) for each file that verified and stops at the first that does not.
            var ok = (stderr + stdout.Result).Split('\n').Count(l => l.Trim() == "OK");
            return (clock.Elapsed.TotalMilliseconds, count - ok);
        }
    }

    /// <summary>xmlsec1 reads files: PEM text given in a setting (a Key Vault reference) is written to one.</summary>
    private static string AsFile(string pathOrPem, string scratch, string name)
    {
        if (!pathOrPem.Contains("-----BEGIN", StringComparison.Ordinal)) return pathOrPem;
        var path = Path.Combine(scratch, name);
        File.WriteAllText(path, pathOrPem);
        return path;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static string Kilobytes(double bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024):F1} MB" : $"{bytes / 1024:F0} KB";
}
