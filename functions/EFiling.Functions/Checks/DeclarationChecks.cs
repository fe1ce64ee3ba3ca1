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

    public DeclarationChecks(IOptions<EFilingOptions> options, IOptions<RevocationOptions> revocation, StorageClients clients, StorageNames names, Lazy<FormCatalogue> catalogue)
    {
        var o = options.Value;
        var r = revocation.Value;
        _validator = new Lazy<DeclarationValidator>(() => DeclarationValidator.Create(new ValidatorOptions
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
        }));
    }

    public ValidationResult Check(ReadOnlyMemory<byte> bytes, DateTimeOffset receivedAt)
    {
        var started = Stopwatch.GetTimestamp();
        var verdict = _validator.Value.Validate(bytes, receivedAt);
        EFilingTelemetry.Verdict(Stopwatch.GetElapsedTime(started), verdict.Outcome.ToString());
        return verdict;
    }

    /// <summary>The forms and families the checks know (the validator's own catalogue).</summary>
    public EFiling.Declarations.Catalogue.FormCatalogue Catalogue => _validator.Value.Catalogue;

    /// <summary>Loads trust and compiles every schema and rule set (off the request path).</summary>
    public void WarmUp() => _validator.Value.Warm();
}
