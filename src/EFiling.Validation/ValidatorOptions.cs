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

    public long MaxDocumentBytes { get; init; } = 10 * 1024 * 1024;
    public string? TrustedRoots { get; init; }
    public string? Intermediates { get; init; }
    public string? CrlFolder { get; init; }

    /// <summary>Accept RSA-SHA1 / SHA-1 digests from older tools (flagged with a warning).</summary>
    public bool AllowSha1 { get; init; }

    /// <summary>Accept a branch's declaration (MST-NNN) signed with its parent's certificate. Off by default: the
    /// office decides (vn-tax-xml.md: "a branch belongs to its parent's certificate only if the office allows it").</summary>
    public bool AllowBranchOnParentCertificate { get; init; }
}
