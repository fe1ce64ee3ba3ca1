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
/// and certificate — reporting every finding, not just the first.
/// </summary>
public sealed class DeclarationValidator
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

    public FormCatalogue Catalogue { get; }

    /// <exception cref="ValidatorConfigurationException">A trust setting names a file or folder that cannot be used.</exception>
    public static DeclarationValidator Create(ValidatorOptions options)
    {
        var signatureOptions = new SignatureVerifierOptions
        {
            TrustedRoots = PemSource.Load(options.TrustedRoots, nameof(ValidatorOptions.TrustedRoots)),
            Intermediates = PemSource.Load(options.Intermediates, nameof(ValidatorOptions.Intermediates)),
            Crls = CrlSource.Load(options.CrlFolder, nameof(ValidatorOptions.CrlFolder)),
            AllowSha1 = options.AllowSha1,
            AllowBranchOnParentCertificate = options.AllowBranchOnParentCertificate,
            OnlineRevocation = options.OnlineRevocation
                ? new RevocationSource(options.RevocationCache, timeout: options.RevocationTimeout)
                : null,
            RevocationUnknownSeverity = options.WhenRevocationUnknown == RevocationUnknownPolicy.Review
                ? FindingSeverity.Review
                : FindingSeverity.Reject,
        };
        return new DeclarationValidator(FormCatalogue.Load(options.SchemasFolder), new ParserLimits { MaxDocumentBytes = options.MaxDocumentBytes }, signatureOptions);
    }

    /// <summary>Compiles every schema and rule set now, so a broken one stops start-up rather than a filing.</summary>
    public void Warm()
    {
        foreach (var form in Catalogue.Forms) _schemas.For(form);
        _rules.LoadAll();
    }

    /// <param name="bytes">The exact submitted bytes.</param>
    /// <param name="receivedAt">The receipt time: certificates must be valid and unrevoked then.</param>
    public ValidationResult Validate(ReadOnlyMemory<byte> bytes, DateTimeOffset receivedAt)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        var parsed = _parser.Parse(bytes);
        var findings = parsed.Findings.ToList();
        if (parsed.Outcome is ParseOutcome.TooLarge or ParseOutcome.Malformed)
            return Result(parsed.Outcome == ParseOutcome.TooLarge ? ValidationOutcome.TooLarge : ValidationOutcome.Malformed, findings, sha256, null, null);

        // Rules read figures that only mean something in a schema-valid document.
        if (parsed.Outcome == ParseOutcome.Parsed && parsed.Form is not null && parsed.SignedPart is not null && _rules.For(parsed.Form) is { } rules)
            findings.AddRange(rules.Evaluate(parsed.SignedPart));

        SignerSummary? signer = null;
        if (parsed.Document is not null && parsed.SignedPart is not null && parsed.SignatureBlock is not null && parsed.Family is not null)
        {
            var expectedMst = parsed.Header?.Mst.ToString() ?? LocalPath.Text(parsed.SignedPart, parsed.Family.FieldPath("mst")) ?? "";
            var verification = _verifier.Verify(parsed.Document, parsed.SignedPart, parsed.SignatureBlock, expectedMst, receivedAt);
            var blockPath = LocalPath.Describe(parsed.SignatureBlock);
            findings.AddRange(verification.Findings.Select(f => new Finding(f.Code, Map(f.Severity), f.Message, Path: blockPath)));
            if (verification.Signer is { } s)
                signer = new SignerSummary(s.Subject, s.Issuer, s.SerialNumber, s.Thumbprint, s.NotBefore, s.NotAfter, s.Mst, s.SignatureAlgorithm ?? "");
        }

        var outcome = findings.Any(f => f.Severity == Severity.Reject) ? ValidationOutcome.Invalid : ValidationOutcome.Valid;
        return Result(outcome, findings, sha256, parsed.Header, signer);
    }

    private static Severity Map(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Reject => Severity.Reject,
        FindingSeverity.Review => Severity.Review,
        _ => Severity.Warn,
    };

    private static ValidationResult Result(ValidationOutcome outcome, List<Finding> findings, string sha256, DeclarationHeader? header, SignerSummary? signer) =>
        new() { Outcome = outcome, Findings = findings, Sha256 = sha256, Header = header, Signer = signer };
}
