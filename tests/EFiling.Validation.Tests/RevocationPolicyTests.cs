using EFiling.Declarations.Findings;
using EFiling.Samples;
using EFiling.Signing;

namespace EFiling.Validation.Tests;

/// <summary>WhenRevocationUnknown: with no CRL (and dev certificates that name no responder), Reject refuses and
/// Review accepts with a review-severity CERT_REVOCATION_UNKNOWN, which is what sends a filing to an officer.</summary>
public class RevocationPolicyTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private ValidationResult Validate(RevocationUnknownPolicy policy)
    {
        var validator = DeclarationValidator.Create(new ValidatorOptions
        {
            TrustedRoots = fixture.Pki.PathOf(fixture.Pki.Manifest.TrustedRoots),
            Intermediates = fixture.Pki.PathOf(fixture.Pki.Manifest.Intermediates),
            OnlineRevocation = true,
            WhenRevocationUnknown = policy,
        });
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT" });
        return validator.Validate(sample.Bytes, DateTimeOffset.UtcNow);
    }

    [Fact]
    public void Unknown_revocation_under_reject_is_refused()
    {
        var result = Validate(RevocationUnknownPolicy.Reject);

        Assert.False(result.IsValid);
        Assert.All(result.Findings.Where(f => f.Code == SignatureCodes.CertRevocationUnknown), f => Assert.Equal(Severity.Reject, f.Severity));
    }

    [Fact]
    public void Unknown_revocation_under_review_is_valid_with_a_review_finding()
    {
        var result = Validate(RevocationUnknownPolicy.Review);

        Assert.True(result.IsValid, string.Join("; ", result.Findings));
        var unknown = result.Findings.Where(f => f.Code == SignatureCodes.CertRevocationUnknown).ToList();
        Assert.NotEmpty(unknown);
        Assert.All(unknown, f => Assert.Equal(Severity.Review, f.Severity));
    }
}
