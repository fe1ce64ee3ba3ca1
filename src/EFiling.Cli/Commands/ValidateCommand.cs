using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using EFiling.Declarations.Findings;
using EFiling.Validation;

namespace EFiling.Cli.Commands;

/// <summary>
/// `efiling validate FILE…`: the verdict the service would give, offline. Exit 0 when all are valid,
/// 1 when any is invalid, 2 on a usage error (a file that does not exist, a trust file or CRL folder that cannot be read).
/// </summary>
public static class ValidateCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Declarations to check.", Arity = ArgumentArity.OneOrMore };
        // The same settings the service reads, so a vendor's CI and the service agree without extra flags.
        var roots = new Option<string?>("--trusted-roots") { Description = "PEM bundle of trusted root CAs (default: $EFiling__TrustedRoots)." };
        var intermediates = new Option<string?>("--intermediates") { Description = "PEM bundle of intermediate CAs (default: $EFiling__Intermediates)." };
        var crls = new Option<string?>("--crl-folder")
        {
            Description = "Folder of CRL files (default: $EFiling__CrlFolder, else a crl/ folder next to the --trusted-roots file, "
                          + "as `efiling dev-pki` writes it; said on stderr when used). Without CRLs every certificate is CERT_REVOCATION_UNKNOWN, as in the service.",
        };
        var sha1 = new Option<string?>("--sha1-accepted-until")
        {
            Description = "Accept RSA-SHA1 signatures (older HTKK, flagged SIG_SHA1_USED) when checked (--at) before this day, yyyy-MM-dd, 00:00 Vietnam time; "
                          + $"refused from it on (default: $EFiling__Sha1AcceptedUntil, else {ValidatorOptions.DefaultSha1AcceptedUntil:yyyy-MM-dd}).",
        };
        var minKeyBits = new Option<string?>("--min-rsa-key-bits")
        {
            Description = "Refuse signer RSA keys shorter than this (CERT_KEY_TOO_SMALL); shorter than 2048 bits draws CERT_KEY_WEAK "
                          + $"(default: $EFiling__MinRsaKeyBits, else {ValidatorOptions.DefaultMinRsaKeyBits}).",
        };
        var branch = new Option<bool>("--allow-branch-on-parent-certificate")
        {
            Description = "Accept a branch's declaration (MST-NNN) signed with its parent's certificate, as an office may allow "
                          + "(default: refused with CERT_MST_BRANCH_ON_PARENT, as in the service unless EFiling__AllowBranchOnParentCertificate is set).",
        };
        var packs = SchemaPackOption.Create();
        var whenUnknown = new Option<RevocationUnknownPolicy?>("--when-revocation-unknown")
        {
            Description = "reject|review: what CERT_REVOCATION_UNKNOWN (no CRL or OCSP answer for a certificate of the chain) does "
                          + "(default: $EFiling__Revocation__WhenUnknown, else reject; the service defaults to review, which accepts "
                          + "the filing for a tax officer and re-checks revocation later).",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Enum.TryParse<RevocationUnknownPolicy>(text, ignoreCase: true, out var policy) && Enum.IsDefined(policy)) return policy;
                result.AddError($"--when-revocation-unknown: \"{text}\" is neither reject nor review.");
                return null;
            },
        };
        var revocationCache = new Option<string?>("--revocation-cache")
        {
            Description = "Folder where CRLs and OCSP answers fetched online are kept until their nextUpdate "
                          + "(default: $EFiling__Revocation__CacheFolder, else ~/.cache/efiling/revocation). "
                          + "Revocation is checked online (OCSP, then the CRL distribution points, http only, 3 s each) when no fresh CRL is in the CRL folder.",
        };
        var at = new Option<DateTimeOffset?>("--at") { Description = "Check certificates as of this time (default: now), e.g. 2025-10-20T09:00:00+07:00." };
        var json = new Option<bool>("--json") { Description = "Print the verdicts as JSON." };
        var xmlDsig = XmlDsigOption.Create();

        var command = new Command("validate", "Check declarations exactly as the service would: XML, schema, header, business rules, signature and certificate.")
        {
            files, roots, intermediates, crls, packs, whenUnknown, revocationCache, sha1, minKeyBits, branch, at, json, xmlDsig,
        };
        command.SetAction(parse =>
        {
            var inputs = parse.GetValue(files)!;
            if (inputs.FirstOrDefault(f => !f.Exists) is { } missing)
            {
                Console.Error.WriteLine($"No such file: {missing.FullName}");
                return ExitCodes.Usage;
            }
            if (!SignaturePolicySettings.TryResolve(parse.GetValue(sha1), parse.GetValue(minKeyBits), out var policy, out var policyError))
            {
                Console.Error.WriteLine(policyError);
                return ExitCodes.Usage;
            }
            TrustSettings trust;
            try
            {
                trust = TrustSettings.Resolve(parse.GetValue(roots), parse.GetValue(intermediates), parse.GetValue(crls),
                    parse.GetValue(whenUnknown), parse.GetValue(revocationCache));
            }
            catch (ValidatorConfigurationException e)
            {
                Console.Error.WriteLine($"$EFiling__Revocation__WhenUnknown: {e.Problem}");
                return ExitCodes.Usage;
            }

            if (trust.Notice is { } notice) Console.Error.WriteLine(notice);
            var (packFolders, packSource) = SchemaPackOption.Resolve(parse, packs);
            DeclarationValidator validator;
            try
            {
                validator = DeclarationValidator.Create(new ValidatorOptions
                {
                    SchemaPacks = packFolders,
                    TrustedRoots = trust.TrustedRoots,
                    Intermediates = trust.Intermediates,
                    CrlFolder = trust.CrlFolder,
                    Sha1AcceptedUntil = policy.Sha1AcceptedUntil,
                    MinRsaKeyBits = policy.MinRsaKeyBits,
                    OnlineRevocation = true,
                    RevocationCache = new EFiling.Signing.DiskRevocationCache(trust.RevocationCache),
                    WhenRevocationUnknown = trust.WhenRevocationUnknown,
                    AllowBranchOnParentCertificate = parse.GetValue(branch),
                    XmlDsig = XmlDsigOption.Resolve(parse, xmlDsig),
                });
            }
            catch (ValidatorConfigurationException e)
            {
                // A wrong path is a wrong command line: one line naming the flag, exit 2, no stack trace.
                var source = e.Setting == nameof(ValidatorOptions.SchemaPacks)
                    ? packSource
                    : policy.SourceOf(e.Setting) ?? trust.SourceOf(e.Setting);
                Console.Error.WriteLine($"{source}: {e.Problem}");
                return ExitCodes.Usage;
            }
            var when = parse.GetValue(at) ?? DateTimeOffset.UtcNow;
            var verdicts = inputs.Select(f => (File: f, Result: validator.Validate(File.ReadAllBytes(f.FullName), when))).ToList();

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(verdicts.Select(v => new
                {
                    file = v.File.FullName,
                    outcome = v.Result.Outcome,
                    valid = v.Result.IsValid,
                    sha256 = v.Result.Sha256,
                    form = v.Result.Header?.FormCode,
                    formVersion = v.Result.SchemaVersion,
                    schema = v.Result.SchemaPack is { } pack ? $"{pack}: {v.Result.SchemaFile}" : v.Result.SchemaFile,
                    mst = v.Result.Header?.Mst.ToString(),
                    period = v.Result.Header?.Period.ToString(),
                    office = v.Result.Header?.Office,
                    signer = v.Result.Signer,
                    dossier = v.Result.Dossier,
                    errors = v.Result.Findings,
                }), Json));
            }
            else
            {
                foreach (var (file, result) in verdicts) Print(file, result);
                Console.WriteLine($"{verdicts.Count(v => v.Result.IsValid)} valid, {verdicts.Count(v => !v.Result.IsValid)} invalid");
            }
            return verdicts.All(v => v.Result.IsValid) ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    private static void Print(FileInfo file, ValidationResult result)
    {
        var header = result.Header is { } h ? $" {h.FormCode} MST {h.Mst} period {h.Period} office {h.Office}" : "";
        if (result.SchemaPack is { } pack) header += $" (schema {result.SchemaVersion} from {pack})";
        Console.WriteLine($"{(result.IsValid ? "VALID  " : "INVALID")} {file.Name}{header}");
        if (result.Dossier is { } dossier)
            Console.WriteLine($"  I-VAN dossier, procedure {dossier.Procedure}{(dossier.EmployerCode is { } unit ? $", unit {unit}" : "")}: " +
                string.Join(", ", dossier.Forms.Select(f => $"{f.Index}. {f.Form} ({f.FileName}, signed by MST {f.Signer?.Mst ?? "?"})")));
        foreach (var f in result.Findings)
        {
            var where = f.Line is { } line ? $" {line}:{f.Column}" : "";
            Console.WriteLine($"  {f.Severity.ToString().ToLowerInvariant(),-6} {f.Code}{where} {f.Path} — {f.Message}");
        }
    }
}
