namespace EFiling.ServiceDefaults;

/// <summary>
/// The app's settings, section "EFiling" (environment variables EFiling__Name). Certificates and bundles may be
/// given as a path or as the content itself, because Key Vault references deliver content.
/// </summary>
public sealed class EFilingOptions
{
    public const string Section = "EFiling";

    /// <summary>PEM bundle of trusted root CAs: a file path or the PEM text.</summary>
    public string? TrustedRoots { get; set; }

    /// <summary>PEM bundle of intermediate CAs: a file path or the PEM text.</summary>
    public string? Intermediates { get; set; }

    /// <summary>Folder of CRL files used for revocation checks.</summary>
    public string? CrlFolder { get; set; }

    /// <summary>The receipt-signing PFX: a file path or base64 PFX. Unset: a development certificate is made.</summary>
    public string? ReceiptCertificate { get; set; }
    public string? ReceiptCertificatePassword { get; set; }

    /// <summary>Where a development receipt certificate is kept between restarts.</summary>
    public string? DevelopmentFolder { get; set; }

    /// <summary>Largest accepted document; checked on Content-Length and while reading the body.</summary>
    public long MaxDocumentBytes { get; set; } = 10 * 1024 * 1024;

    // The parser's limits beyond size (ParserLimits explains the defaults): intake and reconciliation both parse with them.
    public int MaxDepth { get; set; } = Defaults.MaxDepth;
    public int MaxElements { get; set; } = Defaults.MaxElements;
    public int MaxAttributesPerElement { get; set; } = Defaults.MaxAttributesPerElement;
    public int MaxNameLength { get; set; } = Defaults.MaxNameLength;
    public int MaxTextLength { get; set; } = Defaults.MaxTextLength;

    private static readonly EFiling.Declarations.Parsing.ParserLimits Defaults = new();

    public EFiling.Declarations.Parsing.ParserLimits ToParserLimits() => new()
    {
        MaxDocumentBytes = MaxDocumentBytes, MaxDepth = MaxDepth, MaxElements = MaxElements,
        MaxAttributesPerElement = MaxAttributesPerElement, MaxNameLength = MaxNameLength, MaxTextLength = MaxTextLength,
    };

    /// <summary>Folder with the schemas, catalogue and rules; default: the ones shipped with the app.</summary>
    public string? SchemasFolder { get; set; }

    /// <summary>Official schema pack folders (HTKK InterfaceTemplates, iTaxViewer data), separated by ';', first one first;
    /// used beside the shipped schemas. Unset: only the shipped schemas.</summary>
    public string? SchemaPacks { get; set; }

    /// <summary><see cref="SchemaPacks"/> as a list of folders.</summary>
    public IReadOnlyList<string> SchemaPackFolders => EFiling.Declarations.Catalogue.SchemaPacks.SplitSetting(SchemaPacks);

    /// <summary>SHA-1 signatures (older HTKK) are accepted, with a warning, for filings received before this day
    /// (00:00 Vietnam time), refused from it on. Format yyyy-MM-dd.</summary>
    public DateOnly Sha1AcceptedUntil { get; set; } = EFiling.Validation.ValidatorOptions.DefaultSha1AcceptedUntil;

    /// <summary>Signer RSA keys shorter than this are refused (CERT_KEY_TOO_SMALL); below 2048 bits they draw CERT_KEY_WEAK.</summary>
    public int MinRsaKeyBits { get; set; } = EFiling.Validation.ValidatorOptions.DefaultMinRsaKeyBits;

    /// <summary>Accept a branch's filing (MST-NNN) signed with its parent's certificate; off: CERT_MST_BRANCH_ON_PARENT.</summary>
    public bool AllowBranchOnParentCertificate { get; set; }

    /// <summary>Fast (default): the streaming XMLDSig check for the real signing profile, SignedXml for anything else;
    /// Reference: SignedXml for every signature (turns the fast path off).</summary>
    public EFiling.Signing.XmlDsigPath XmlDsig { get; set; } = EFiling.Signing.XmlDsigPath.Fast;

    /// <summary>How often the sweep re-sends outbox messages and completes unindexed documents.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A document must be this old before the sweep completes it (so it never races a live submission).</summary>
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Standalone listener: how long a failed or waiting message stays hidden before its next delivery.
    /// Unset: host.json's visibilityTimeout, as under the Functions host.</summary>
    public TimeSpan? RetryDelay { get; set; }

    /// <summary>Standalone only: run the queue listener (default). Tests turn it off to deliver messages themselves.</summary>
    public bool QueueListener { get; set; } = true;
}
