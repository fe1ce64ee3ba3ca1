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

    /// <summary>Every distinct signer (taxpayer and, where one signed too, the tax agent); byte-identical copies count once.</summary>
    public IReadOnlyList<SignerSummary> Signers { get; init; } = [];

    public bool IsValid => Outcome == ValidationOutcome.Valid;
}
