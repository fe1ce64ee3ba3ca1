using EFiling.Signing;

namespace EFiling.Signing.Tests.Support;

public static class Findings
{
    /// <summary>Asserts the result is rejected with exactly these codes (each may occur more than once), apart from
    /// SIG_NOT_CHECKED, the note that follows every refused certificate (CheckOrderTests pins when it comes).</summary>
    public static void AssertRejectedWith(SignatureVerification result, params string[] codes)
    {
        Assert.False(result.IsValid, "expected a rejection, got: " + result);
        Assert.Equal(codes.Order(StringComparer.Ordinal),
            result.Findings.Select(f => f.Code).Where(c => c != SignatureCodes.NotChecked).Distinct().Order(StringComparer.Ordinal));
    }

    public static SignatureFinding Single(SignatureVerification result, string code) =>
        Assert.Single(result.Findings, f => f.Code == code);
}
