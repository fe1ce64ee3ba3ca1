using System.Diagnostics;
using EFiling.Declarations.Catalogue;
using EFiling.Functions.Hosting;
using EFiling.Functions.Telemetry;
using EFiling.Storage;
using EFiling.Validation;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Checks;

/// <summary>
/// The one-pass check of a submitted declaration (well-formedness and limits, schema, signature and certificate,
/// reject-level rules), delegated to <see cref="DeclarationValidator"/>. Created on first use so start-up stays
/// fast; <see cref="WarmUp"/> builds it in the background right after start.
/// </summary>
public sealed class DeclarationChecks
{
    private readonly Lazy<DeclarationValidator> _validator;
    private readonly bool _measured;

    public DeclarationChecks(IOptions<EFilingOptions> options, IOptions<RevocationOptions> revocation, StorageClients clients, StorageNames names, Lazy<FormCatalogue> catalogue)
        : this(options.Value, revocation.Value, clients, names, catalogue, trust: null)
    {
    }

    /// <summary>With <c>trust</c>: other trust settings than the real ones (test filings: the real roots and the test anchor).</summary>
    public DeclarationChecks(EFilingOptions o, RevocationOptions r, StorageClients clients, StorageNames names, Lazy<FormCatalogue> catalogue, Trust? trust)
    {
        // The verdict-time metric is of real filings only.
        _measured = trust is null;
        _validator = new Lazy<DeclarationValidator>(() => DeclarationValidator.Create(new ValidatorOptions
        {
            SchemasFolder = o.SchemasFolder,
            SchemaPacks = o.SchemaPackFolders,
            Catalogue = catalogue,
            Limits = o.ToParserLimits(),
            TrustedRoots = trust is null ? o.TrustedRoots : trust.TrustedRoots,
            Intermediates = trust is null ? o.Intermediates : trust.Intermediates,
            CrlFolder = trust is null ? o.CrlFolder : null,
            MoreCrlFolders = trust is null ? [] : trust.CrlFolders,
            Sha1AcceptedUntil = o.Sha1AcceptedUntil,
            MinRsaKeyBits = o.MinRsaKeyBits,
            OnlineRevocation = r.Online,
            RevocationCache = new BlobRevocationCache(clients, names),
            RevocationTimeout = r.Timeout,
            WhenRevocationUnknown = r.WhenUnknown,
            AllowBranchOnParentCertificate = o.AllowBranchOnParentCertificate,
            XmlDsig = o.XmlDsig,
        }));
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
