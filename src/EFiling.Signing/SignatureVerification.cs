namespace EFiling.Signing;

/// <summary>Result of <see cref="SignatureVerifier.Verify"/>: every finding, plus the signer when known.</summary>
public sealed class SignatureVerification
{
    public SignatureVerification(IReadOnlyList<SignatureFinding> findings, SignerInfo? signer)
    {
        Findings = findings;
        Signer = signer;
    }

    public IReadOnlyList<SignatureFinding> Findings { get; }

    public SignerInfo? Signer { get; }

    /// <summary>True when no finding is a reject (warnings are allowed).</summary>
    public bool IsValid => Findings.All(f => f.Severity != FindingSeverity.Reject);

    public bool Has(string code) => Findings.Any(f => f.Code == code);

    public override string ToString() =>
        IsValid && Findings.Count == 0 ? "valid" : string.Join("; ", Findings);
}
