using System.Diagnostics;
using System.Security.Cryptography;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Parsing;
using EFiling.Declarations.Rules;
using EFiling.Signing;

namespace EFiling.Validation;

/// <summary>
/// The one verdict on a submitted declaration, used by the service and by `efiling validate`: the secure
/// one-pass parse with schema validation, the header checks, the form's business rules, and the signature
/// and certificate — reporting every finding, not just the first. Every cheap check always runs (limits, schema,
/// header, the signature's structure and the certificate's own facts); the expensive ones (chain, revocation, the
/// signature value over the whole document) only while the filing can still be accepted: a document that failed its
/// schema or header gets a SIG_NOT_CHECKED warning instead (business-rule failures do not stop them).
/// </summary>
public sealed partial class DeclarationValidator
{
    private readonly SchemaCache _schemas;
    private readonly DeclarationParser _parser;
    private readonly RuleBook _rules;
    private readonly SignatureVerifier _verifier;

    public DeclarationValidator(FormCatalogue catalogue, ParserLimits limits, SignatureVerifierOptions signatureOptions)
    {
        Catalogue = catalogue;
        // One cache, shared with the parser, so that Warm() compiles the very schema sets parsing uses.
        _schemas = new SchemaCache(catalogue);
        _parser = new DeclarationParser(catalogue, _schemas, limits);
        _rules = new RuleBook(catalogue);
        _verifier = new SignatureVerifier(signatureOptions);
    }

    /// <summary>This validator's compiled schemas, parser and rule sets under another verifier.</summary>
    private DeclarationValidator(DeclarationValidator shared, SignatureVerifierOptions signatureOptions)
    {
        Catalogue = shared.Catalogue;
        _schemas = shared._schemas;
        _parser = shared._parser;
        _rules = shared._rules;
        _verifier = new SignatureVerifier(signatureOptions);
    }

    public FormCatalogue Catalogue { get; }

    /// <summary>Spans of the verdict's stages (parse, rules, verify) for tracing; a span costs nothing unless a listener
    /// (the service's OpenTelemetry) samples this source.</summary>
    public static readonly ActivitySource Telemetry = new("EFiling.Validation");

    /// <exception cref="ValidatorConfigurationException">A trust setting names a file or folder that cannot be used.</exception>
    public static DeclarationValidator Create(ValidatorOptions options)
    {
        var signatureOptions = SignatureOptions(options);
        FormCatalogue catalogue;
        try
        {
            catalogue = options.Catalogue?.Value ?? FormCatalogue.Load(options.SchemasFolder, options.SchemaPacks);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new ValidatorConfigurationException(nameof(ValidatorOptions.SchemaPacks), e.Message);
        }
        return new DeclarationValidator(catalogue, options.Limits, signatureOptions);
    }

    /// <summary>The same checks under the trust and signature settings of <paramref name="options"/> (its catalogue,
    /// schema folders and limits are not read): test filings, checked against the real roots and the test anchor, share
    /// the compiled schemas and rule sets of real filings instead of compiling them a second time.</summary>
    /// <exception cref="ValidatorConfigurationException">A trust setting names a file or folder that cannot be used.</exception>
    public DeclarationValidator WithTrust(ValidatorOptions options) => new(this, SignatureOptions(options));

    private static SignatureVerifierOptions SignatureOptions(ValidatorOptions options)
    {
        if (options.MinRsaKeyBits is < 512 or > 16384)
            throw new ValidatorConfigurationException(nameof(ValidatorOptions.MinRsaKeyBits), $"{options.MinRsaKeyBits} is not a sensible RSA key length (512 to 16384 bits)");
        var signatureOptions = new SignatureVerifierOptions
        {
            TrustedRoots = PemSource.Load(options.TrustedRoots, nameof(ValidatorOptions.TrustedRoots)),
            Intermediates = PemSource.Load(options.Intermediates, nameof(ValidatorOptions.Intermediates)),
            Crls =
            [
                .. CrlSource.Load(options.CrlFolder, nameof(ValidatorOptions.CrlFolder)),
                .. options.MoreCrlFolders.SelectMany(folder => CrlSource.Load(folder, nameof(ValidatorOptions.MoreCrlFolders))),
            ],
            Sha1AcceptedUntil = new DateTimeOffset(options.Sha1AcceptedUntil.ToDateTime(TimeOnly.MinValue), ValidatorOptions.VietnamOffset),
            MinRsaKeyBits = options.MinRsaKeyBits,
            AllowBranchOnParentCertificate = options.AllowBranchOnParentCertificate,
            OnlineRevocation = options.OnlineRevocation
                ? new RevocationSource(options.RevocationCache, timeout: options.RevocationTimeout)
                : null,
            RevocationUnknownSeverity = options.WhenRevocationUnknown == RevocationUnknownPolicy.Review
                ? Severity.Review
                : Severity.Reject,
        };
        // Unset: the verifier's own default (the fast path).
        return options.XmlDsig is { } xmlDsig ? signatureOptions with { XmlDsig = xmlDsig } : signatureOptions;
    }

    /// <summary>Compiles every schema and rule set now, so a broken one stops start-up rather than a filing.</summary>
    public void Warm()
    {
        foreach (var form in Catalogue.Forms) _schemas.For(form);
        foreach (var dossier in Catalogue.Dossiers)
        {
            _schemas.ForFile(Catalogue.PathOf(dossier.Schema));
            foreach (var form in dossier.Forms) _schemas.ForFile(Catalogue.PathOf(form.Schema));
        }
        // Official pack schemas compile on first use: a pack holds hundreds and a deployment files a handful of them.
        _rules.LoadAll();
    }

    /// <param name="bytes">The exact submitted bytes.</param>
    /// <param name="receivedAt">The receipt time: certificates must be valid and unrevoked then.</param>
    public ValidationResult Validate(ReadOnlyMemory<byte> bytes, DateTimeOffset receivedAt)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        ParsedDeclaration parsed;
        using (var span = Telemetry.StartActivity("parse"))
        {
            parsed = _parser.Parse(bytes);
            span?.SetTag("efiling.parse.outcome", parsed.Outcome.ToString());
            span?.SetTag("efiling.form", parsed.Form?.Code);
        }
        var findings = parsed.Findings.ToList();
        // A document that failed its schema or header is not an instance of its form (that is where hostile shapes live):
        // it is refused whatever its signature says. Rule findings do not count here: they are on schema-valid, bounded
        // documents, and whether the figures sent are the ones signed is worth telling along with them.
        var refusedByParse = parsed.Findings.Any(f => f.Severity == Severity.Reject);
        if (parsed.Outcome is ParseOutcome.TooLarge or ParseOutcome.Malformed)
            return Result(parsed.Outcome == ParseOutcome.TooLarge ? ValidationOutcome.TooLarge : ValidationOutcome.Malformed, findings, sha256, null);
        if (parsed.Dossier is { } dossier)
            return ValidateDossier(parsed, dossier, findings, sha256, receivedAt);

        // Rules read figures that only mean something in a schema-valid document.
        if (parsed.Outcome == ParseOutcome.Parsed && parsed.Form is not null && parsed.SignedPart is not null && _rules.For(parsed.Form) is { } rules)
        {
            using var span = Telemetry.StartActivity("rules");
            findings.AddRange(rules.Evaluate(parsed.SignedPart));
        }

        IReadOnlyList<SignerSummary> signers = [];
        // Official schemas make CKyDTu optional (HTKK exports unsigned drafts): a declaration without it is refused here,
        // whatever the schema allowed.
        if (parsed.Document is not null && parsed.SignedPart is not null && parsed.Family is not null && parsed.SignatureBlock is null)
        {
            findings.Add(new Finding(SignatureCodes.Missing, Severity.Reject,
                $"The declaration is not signed: it has no <{parsed.Family.SignatureBlock}> with a ds:Signature.", "Tờ khai chưa được ký điện tử.",
                Path: $"/{parsed.Family.Root}"));
        }
        else if (parsed.Document is not null && parsed.SignedPart is not null && parsed.Family is not null && parsed.SignatureBlock is not null)
        {
            var expectedMst = parsed.Header?.Mst.ToString() ?? LocalPath.Text(parsed.SignedPart, parsed.Family.FieldPath("mst")) ?? "";
            // Entitled to sign: the taxpayer, and the tax agent the declaration itself names (DLyThue/mstDLyThue).
            var entitled = new List<string> { expectedMst };
            if (parsed.Header?.AgentMst is { Length: > 0 } agentMst && !string.Equals(agentMst, expectedMst, StringComparison.Ordinal))
                entitled.Add(agentMst);
            SignatureVerification verification;
            using (var span = Telemetry.StartActivity("verify"))
            {
                verification = _verifier.Verify(parsed.Document, parsed.SignedPart, parsed.SignatureBlock, entitled, receivedAt,
                    refusedAlready: refusedByParse);
                span?.SetTag("efiling.verify.valid", verification.IsValid);
            }
            var blockPath = LocalPath.Describe(parsed.SignatureBlock);
            findings.AddRange(verification.Findings.Select(f => new Finding(f.Code, f.Severity, f.Message, Path: blockPath)));
            signers = verification.Signers
                .Select(s => new SignerSummary(s.Subject, s.Issuer, s.SerialNumber, s.Thumbprint, s.ThumbprintSha256, s.NotBefore, s.NotAfter, s.Mst, s.SignatureAlgorithm ?? ""))
                .ToList();
        }

        var outcome = findings.Any(f => f.Severity == Severity.Reject) ? ValidationOutcome.Invalid : ValidationOutcome.Valid;
        return Result(outcome, findings, sha256, parsed.Header, signers, parsed.Schema, parsed);
    }

    private static ValidationResult Result(
        ValidationOutcome outcome, List<Finding> findings, string sha256, DeclarationHeader? header,
        IReadOnlyList<SignerSummary>? signers = null, FormSchema? schema = null, ParsedDeclaration? parsed = null) =>
        new()
        {
            Parsed = parsed,
            Outcome = outcome, Findings = findings, Sha256 = sha256, Header = header,
            Signer = signers is { Count: > 0 } ? signers[0] : null, Signers = signers ?? [],
            SchemaFile = schema is null ? null : Path.GetFileName(schema.Path),
            SchemaVersion = schema?.Version,
            SchemaPack = schema?.Pack,
        };
}
