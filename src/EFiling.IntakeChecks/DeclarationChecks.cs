using System.Diagnostics;
using EFiling.Declarations.Catalogue;
using EFiling.ServiceDefaults;
using EFiling.Storage;
using EFiling.Validation;
using Microsoft.Extensions.Options;

namespace EFiling.IntakeChecks;

/// <summary>
/// The one-pass check of a submitted declaration (well-formedness and limits, schema, signature and certificate,
/// reject-level rules), delegated to <see cref="DeclarationValidator"/>. Created on first use so start-up stays
/// fast; <see cref="WarmUp"/> builds it in the background right after start.
/// </summary>
public sealed class DeclarationChecks
{
    private readonly ValidatorOptions _settings;
    private readonly Lazy<DeclarationValidator> _validator;
    private readonly bool _measured;

    public DeclarationChecks(IOptions<EFilingOptions> options, IOptions<RevocationOptions> revocation, StorageClients clients, StorageNames names, Lazy<FormCatalogue> catalogue)
    {
        var o = options.Value;
        var r = revocation.Value;
        _settings = new ValidatorOptions
        {
            SchemasFolder = o.SchemasFolder,
            SchemaPacks = o.SchemaPackFolders,
            Catalogue = catalogue,
            Limits = o.ToParserLimits(),
            TrustedRoots = o.TrustedRoots,
            Intermediates = o.Intermediates,
            CrlFolder = o.CrlFolder,
            Sha1AcceptedUntil = o.Sha1AcceptedUntil,
            MinRsaKeyBits = o.MinRsaKeyBits,
            OnlineRevocation = r.Online,
            RevocationCache = new BlobRevocationCache(clients, names),
            RevocationTimeout = r.Timeout,
            WhenRevocationUnknown = r.WhenUnknown,
            AllowBranchOnParentCertificate = o.AllowBranchOnParentCertificate,
            XmlDsig = o.XmlDsig,
        };
        _validator = new Lazy<DeclarationValidator>(() => DeclarationValidator.Create(_settings));
        // The verdict-time metric is of real filings only.
        _measured = true;
    }

    private DeclarationChecks(ValidatorOptions settings, Lazy<DeclarationValidator> validator)
    {
        _settings = settings;
        _validator = validator;
    }

    /// <summary>The same checks under other trust (test filings: the real roots and the test anchor), sharing these
    /// checks' compiled schemas and rule sets; built on first use.</summary>
    public DeclarationChecks WithTrust(Trust trust)
    {
        var settings = _settings with
        {
            TrustedRoots = trust.TrustedRoots,
            Intermediates = trust.Intermediates,
            CrlFolder = null,
            MoreCrlFolders = trust.CrlFolders,
        };
        return new DeclarationChecks(settings, new Lazy<DeclarationValidator>(() => _validator.Value.WithTrust(settings)));
    }

    /// <summary>Trusted roots and intermediates (PEM text or a path) and the CRL folders, all read together.</summary>
    public sealed record Trust(string? TrustedRoots, string? Intermediates, IReadOnlyList<string> CrlFolders);

    public ValidationResult Check(ReadOnlyMemory<byte> bytes, DateTimeOffset receivedAt)
    {
        var started = Stopwatch.GetTimestamp();
        var verdict = _validator.Value.Validate(bytes, receivedAt);
        if (_measured) EFilingTelemetry.Verdict(Stopwatch.GetElapsedTime(started), verdict.Outcome.ToString());
        return verdict;
    }

    /// <summary>The forms and families the checks know (the validator's own catalogue).</summary>
    public EFiling.Declarations.Catalogue.FormCatalogue Catalogue => _validator.Value.Catalogue;

    /// <summary>Loads trust and compiles every schema and rule set (off the request path).</summary>
    public void WarmUp() => _validator.Value.Warm();
}
