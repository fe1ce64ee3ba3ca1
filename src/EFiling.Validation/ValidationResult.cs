using EFiling.Declarations.Findings;
using EFiling.Declarations.Parsing;

namespace EFiling.Validation;

/// <summary>What the service answers for a document: Valid is acknowledged; the others are refused.</summary>
public enum ValidationOutcome
{
    Valid,
    TooLarge,
    Malformed,
    Invalid,
}

/// <summary>Who signed: the certificate whose key the signature was verified with (in a valid verdict, the one that
/// verified it), never merely the first certificate in KeyInfo. The service records it with the filing's facts.</summary>
/// <param name="Thumbprint">SHA-1 thumbprint (upper-case hex), as the registry lists registered certificates.</param>
/// <param name="ThumbprintSha256">SHA-256 thumbprint (upper-case hex).</param>
public sealed record SignerSummary(string Subject, string Issuer, string SerialNumber, string Thumbprint, string ThumbprintSha256,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, string? Mst, string SignatureAlgorithm);

/// <summary>The verdict, with every finding (reject-level ones refuse; review and warn ones travel with the filing).</summary>
public sealed class ValidationResult
{
    public required ValidationOutcome Outcome { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>SHA-256 of the exact submitted bytes, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    public DeclarationHeader? Header { get; init; }
    /// <summary>The first (primary) signer.</summary>
    public SignerSummary? Signer { get; init; }

    /// <summary>The schema file the document was checked against, e.g. 01_GTGT_TT80_274.xsd or 01-GTGT.xsd (own).</summary>
    public string? SchemaFile { get; init; }

    /// <summary>The official version (pbanTKhaiXML) and pack the schema came from; null for the project's own schema.</summary>
    public string? SchemaVersion { get; init; }
    public string? SchemaPack { get; init; }

    /// <summary>The parsed signed part (the declaration's content), for callers that read more of it than the header: the
    /// service takes the facts reconciliation needs from it, so the stored document is never parsed again.</summary>
    public System.Xml.XmlElement? SignedPart { get; init; }

    /// <summary>Every distinct signer (taxpayer and, where one signed too, the tax agent); byte-identical copies count once.</summary>
    public IReadOnlyList<SignerSummary> Signers { get; init; } = [];

    public bool IsValid => Outcome == ValidationOutcome.Valid;
}
