using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Parsing;
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

    /// <summary>Official schema pack folders (HTKK InterfaceTemplates), first one first; used beside the own schemas.</summary>
    public IReadOnlyList<string> SchemaPacks { get; init; } = [];

    /// <summary>A catalogue the host already loads for its other services (the service's one); when set, used instead
    /// of loading <see cref="SchemasFolder"/> and <see cref="SchemaPacks"/> again.</summary>
    public Lazy<FormCatalogue>? Catalogue { get; init; }

    /// <summary>Size, depth, element, attribute, name and text limits of the parser (defaults in <see cref="ParserLimits"/>).</summary>
    public ParserLimits Limits { get; init; } = new();
    public string? TrustedRoots { get; init; }
    public string? Intermediates { get; init; }
    public string? CrlFolder { get; init; }

    /// <summary>Further CRL folders, each read like <see cref="CrlFolder"/> and used together with it (test filings:
    /// the test anchor's CRLs beside the real ones).</summary>
    public IReadOnlyList<string> MoreCrlFolders { get; init; } = [];

    /// <summary>Where <see cref="Sha1AcceptedUntil"/> is taken for the Vietnamese calendar day: UTC+7, no daylight saving.</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>Default of <see cref="Sha1AcceptedUntil"/>: HTKK signed with RSA-SHA1 until 2021 and with RSA-SHA256 from then on.</summary>
    public static readonly DateOnly DefaultSha1AcceptedUntil = new(2022, 1, 1);

    /// <summary>RSA-SHA1 / SHA-1 signatures (older HTKK) are accepted, with a SIG_SHA1_USED warning, when the check time
    /// (the receipt time; <c>--at</c> in the CLI) is before 00:00 of this day in Vietnam (UTC+7), and refused
    /// (SIG_ALGORITHM_NOT_ALLOWED, naming the cut-off) from then on. A date in the past refuses SHA-1 altogether.</summary>
    public DateOnly Sha1AcceptedUntil { get; init; } = DefaultSha1AcceptedUntil;

    /// <summary>Signer RSA keys shorter than this are refused (CERT_KEY_TOO_SMALL); from it up to 2047 bits they are
    /// accepted with a CERT_KEY_WEAK warning. Default 1024: some CAs issued 1024-bit keys still in use.</summary>
    public int MinRsaKeyBits { get; init; } = DefaultMinRsaKeyBits;

    public const int DefaultMinRsaKeyBits = 1024;

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


    /// <summary>Which implementation checks the signature value and digest: the fast path (default, SignedXml for anything
    /// outside its profile) or SignedXml always (<see cref="XmlDsigPath.Reference"/>, the switch to turn the fast path off).</summary>
    public XmlDsigPath? XmlDsig { get; init; }

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
