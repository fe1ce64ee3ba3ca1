using EFiling.Declarations.Findings;

namespace EFiling.Signing;

/// <summary>Result of <see cref="SignatureVerifier.Verify"/>: every finding, plus the signer when known.</summary>
public sealed class SignatureVerification
{
    public SignatureVerification(IReadOnlyList<SignatureFinding> findings, SignerInfo? signer)
        : this(findings, signer is null ? [] : [signer])
    {
    }

    public SignatureVerification(IReadOnlyList<SignatureFinding> findings, IReadOnlyList<SignerInfo> signers)
    {
        Findings = findings;
        Signers = signers;
    }

    public IReadOnlyList<SignatureFinding> Findings { get; }

    /// <summary>The first (primary) signer, or null when no signer certificate could be read.</summary>
    public SignerInfo? Signer => Signers.Count > 0 ? Signers[0] : null;

    /// <summary>Every distinct signer (by certificate), in document order; byte-identical copies of a signature count once.</summary>
    public IReadOnlyList<SignerInfo> Signers { get; }

    /// <summary>True when no finding is a reject (warnings are allowed).</summary>
    public bool IsValid => Findings.All(f => f.Severity != Severity.Reject);

    public bool Has(string code) => Findings.Any(f => f.Code == code);

    public override string ToString() =>
        IsValid && Findings.Count == 0 ? "valid" : string.Join("; ", Findings);
}
