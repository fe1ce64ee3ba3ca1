using EFiling.Signing;

namespace EFiling.Validation;

/// <summary>
/// What the validator needs to know. TrustedRoots and Intermediates take either a PEM file path or the PEM
/// text itself, so that a Key Vault reference (which delivers the content) works as well as a local file.
/// </summary>
public sealed record ValidatorOptions
{
    /// <summary>Folder with catalogue.json, the XSDs, the rules and holidays.json; default: the shipped one.</summary>
    public string? SchemasFolder { get; init; }

    public long MaxDocumentBytes { get; init; } = 10 * 1024 * 1024;
    public string? TrustedRoots { get; init; }
    public string? Intermediates { get; init; }
    public string? CrlFolder { get; init; }

    /// <summary>Also ask the network when no fresh CRL is configured: the OCSP responder of each certificate's AIA, then
    /// its CRL distribution points (http only), caching what comes back in <see cref="RevocationCache"/>.</summary>
    public bool OnlineRevocation { get; init; }

    /// <summary>Where online answers are kept until their nextUpdate; null: not kept.</summary>
    public IRevocationCache? RevocationCache { get; init; }

    /// <summary>Connect plus read, per revocation request.</summary>
    public TimeSpan RevocationTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>What CERT_REVOCATION_UNKNOWN does: Reject refuses (the library's and the CLI's default), Review accepts the
    /// filing for an officer (the service's default).</summary>
    public RevocationUnknownPolicy WhenRevocationUnknown { get; init; } = RevocationUnknownPolicy.Reject;

    /// <summary>Accept RSA-SHA1 / SHA-1 digests from older tools (flagged with a warning).</summary>
    public bool AllowSha1 { get; init; }

    /// <summary>Accept a branch's declaration (MST-NNN) signed with its parent's certificate. Off by default: the
    /// office decides (vn-tax-xml.md: "a branch belongs to its parent's certificate only if the office allows it").</summary>
    public bool AllowBranchOnParentCertificate { get; init; }
}

/// <summary>What to do when revocation of a certificate of the chain cannot be established (responder down, no
/// CRL distribution point or OCSP responder, no CRL, an expired CRL).</summary>
public enum RevocationUnknownPolicy
{
    /// <summary>Refuse with CERT_REVOCATION_UNKNOWN.</summary>
    Reject,

    /// <summary>Accept with a review-severity CERT_REVOCATION_UNKNOWN finding: an officer (and a later re-check) decides.</summary>
    Review,
}
