using System.Text;
using EFiling.Declarations.Findings;
using EFiling.Signing;
using EFiling.Tests.Shared;
using Xunit.Abstractions;

namespace EFiling.Validation.Tests;

/// <summary>The trust imported once from iTaxViewer's certificate store, and a validator configured as the issue says.</summary>
public sealed class RealWorldValidator : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("efiling-realworld-").FullName;

    public RealWorldValidator()
    {
        if (RealWorld.Folder is null) return;
        Trust = TrustStoreImport.Run(RealWorld.CertStore, _folder);
        Validator = DeclarationValidator.Create(new ValidatorOptions
        {
            SchemaPacks = RealWorld.SchemaPacks,
            TrustedRoots = Trust.TrustedRootsPath,
            Intermediates = Trust.IntermediatesPath,
            WhenRevocationUnknown = RevocationUnknownPolicy.Review,
            // Offline, so the verdict does not depend on whether a CA answers from here: revocation is unknown, which Review
            // sends to an officer (the online path is tested against local responders in EFiling.Signing.Tests).
            OnlineRevocation = false,
        });
    }

    public TrustStoreImportResult? Trust { get; }
    public DeclarationValidator? Validator { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>
/// What taxpayers' software really sends (../shared/real-world/tax/): every genuine HTKK / eTax declaration is accepted
/// as of its signing time with the official schema packs and the national trust store, every tampered copy is refused.
/// Each verdict is printed (file, form, version, verdict, findings), so a failure shows the whole table.
/// </summary>
public sealed class RealWorldConformanceTests(RealWorldValidator fixture, ITestOutputHelper output) : IClassFixture<RealWorldValidator>
{
    [RealWorldFact]
    public void Every_genuine_declaration_is_valid_as_of_its_signing_time()
    {
        var files = RealWorld.GenuineDeclarations;
        Assert.Equal(45, files.Count);
        var rows = files.Select(f => (File: f, At: RealWorld.SigningTime(f))).Select(r => (r.File, r.At, Result: fixture.Validator!.Validate(File.ReadAllBytes(r.File), r.At))).ToList();
        output.WriteLine(Table(rows));

        var refused = rows.Where(r => !r.Result.IsValid).ToList();
        Assert.True(refused.Count == 0, $"{refused.Count} of {rows.Count} genuine declarations refused:\n{Table(refused)}");
        // Accepted for the right reasons: each against an official schema, each signer checked, revocation left to review.
        Assert.All(rows, r => Assert.NotNull(r.Result.SchemaPack));
        Assert.All(rows, r => Assert.Equal(r.Result.Header!.Mst.ToString(), r.Result.Signer!.Mst));
        Assert.All(rows, r => Assert.Contains(r.Result.Findings, f => f.Code == SignatureCodes.CertRevocationUnknown && f.Severity == Severity.Review));
    }

    [RealWorldFact]
    public void Every_tampered_copy_and_the_unsigned_export_is_refused()
    {
        var files = RealWorld.TamperedDeclarations.Concat(RealWorld.UnsignedDeclarations).ToList();
        Assert.Equal(5, files.Count);
        var rows = files.Select(f => (File: f, At: RealWorld.SigningTimeOrNow(f))).Select(r => (r.File, r.At, Result: fixture.Validator!.Validate(File.ReadAllBytes(r.File), r.At))).ToList();
        output.WriteLine(Table(rows));

        var accepted = rows.Where(r => r.Result.IsValid).ToList();
        Assert.True(accepted.Count == 0, $"accepted, but must be refused:\n{Table(accepted)}");
        Assert.Contains(rows, r => r.Result.Findings.Any(f => f.Code == SignatureCodes.Missing));
    }

    [RealWorldFact]
    public void The_certificate_store_imports_into_roots_and_intermediates()
    {
        var trust = fixture.Trust!;
        output.WriteLine($"{trust.Roots} roots, {trust.Intermediates} intermediates, {trust.Duplicates} duplicates, unreadable: {string.Join(", ", trust.Unreadable)}");
        // The store holds a handful of self-signed roots among ~90 issuing CAs (iTaxViewer's root/ mixes both).
        Assert.InRange(trust.Roots, 5, 10);
        Assert.Contains(trust.RootSubjects, r => r.StartsWith("CN=Vietnam National Root CA", StringComparison.Ordinal));
        Assert.Contains(trust.RootSubjects, r => r.StartsWith("CN=MIC National Root CA", StringComparison.Ordinal));
        Assert.True(trust.Intermediates >= 30, $"{trust.Intermediates} intermediates");
    }

    private static string Table(IEnumerable<(string File, DateTimeOffset At, ValidationResult Result)> rows)
    {
        var text = new StringBuilder("| file | form | version | checked at | verdict | findings |\n|---|---|---|---|---|---|\n");
        foreach (var (file, at, result) in rows)
        {
            var findings = string.Join(", ", result.Findings.Select(f => $"{f.Code} ({f.Severity.ToString().ToLowerInvariant()})").Distinct());
            text.Append($"| {RealWorld.Name(file)} | {result.Header?.FormCode ?? "?"} ({result.Header?.FormId}) | {result.SchemaVersion ?? "own"} | "
                        + $"{at:yyyy-MM-dd HH:mm zzz} | {(result.IsValid ? "valid" : "INVALID")} | {findings} |\n");
        }
        return text.ToString();
    }
}
