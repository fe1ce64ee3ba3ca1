using EFiling.Declarations.Findings;

namespace EFiling.Signing;

/// <summary>One outcome of signature verification. <see cref="Code"/> is stable (see <see cref="SignatureCodes"/>);
/// the message is for people and may change.</summary>
public sealed record SignatureFinding(string Code, Severity Severity, string Message)
{
    public override string ToString() => $"{Severity.ToString().ToUpperInvariant()} {Code}: {Message}";
}
