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

/// <summary>Who signed: read from the verified signer certificate.</summary>
public sealed record SignerSummary(string Subject, string Issuer, string SerialNumber, string Thumbprint,
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

    /// <summary>Every distinct signer (taxpayer and, where one signed too, the tax agent); byte-identical copies count once.</summary>
    public IReadOnlyList<SignerSummary> Signers { get; init; } = [];

    public bool IsValid => Outcome == ValidationOutcome.Valid;
}
