using EFiling.Declarations.Findings;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>Revocation of every certificate of the chain but the root: the issuing CA against the root's CRL,
/// as the signer against the issuing CA's.</summary>
public sealed class ChainRevocationTests(ChainPki pki) : IClassFixture<ChainPki>
{
    [Fact]
    public void Valid_when_both_cas_publish_a_crl_that_revokes_nobody()
    {
        var result = Verify(SignedTax(pki.Signer), pki.Options(pki.Crl(pki.Issuing), pki.Crl(pki.Root)));

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void A_revoked_issuing_ca_refuses_the_signature_with_its_own_code()
    {
        var rootCrl = pki.Crl(pki.Root, (pki.Issuing, pki.Now.AddHours(-1)));

        var result = Verify(SignedTax(pki.Signer), pki.Options(pki.Crl(pki.Issuing), rootCrl));

        AssertRejectedWith(result, SignatureCodes.CertIssuerRevoked);
        Assert.Contains("Chain Test Issuing CA", Findings.Single(result, SignatureCodes.CertIssuerRevoked).Message);
    }

    [Fact]
    public void A_revocation_of_the_issuing_ca_after_the_filing_does_not_count()
    {
        var rootCrl = pki.Crl(pki.Root, (pki.Issuing, pki.Now.AddHours(-1)));

        var result = Verify(SignedTax(pki.Signer), pki.Options(pki.Crl(pki.Issuing), rootCrl), atTime: pki.Now.AddHours(-2));

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Without_the_roots_crl_the_issuing_cas_revocation_is_unknown_and_refused_like_the_signers()
    {
        var result = Verify(SignedTax(pki.Signer), pki.Options(pki.Crl(pki.Issuing)));

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
        Assert.Contains("CA certificate", Findings.Single(result, SignatureCodes.CertRevocationUnknown).Message);
    }

    [Fact]
    public void Unknown_revocation_of_the_issuing_ca_follows_the_configured_severity()
    {
        var options = pki.Options(pki.Crl(pki.Issuing)) with { RevocationUnknownSeverity = Severity.Warn };

        var result = Verify(SignedTax(pki.Signer), options);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(Severity.Warn, Findings.Single(result, SignatureCodes.CertRevocationUnknown).Severity);
    }

    [Fact]
    public void A_root_crl_signed_by_another_key_with_the_roots_name_is_not_believed()
    {
        // It names our issuing CA as revoked, but the root did not sign it: nothing is known about the CA.
        var forged = pki.Crl(pki.ImpostorRoot, (pki.Issuing, pki.Now.AddHours(-1)));

        var result = Verify(SignedTax(pki.Signer), pki.Options(pki.Crl(pki.Issuing), forged));

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
    }

    [Fact]
    public void A_revoked_signer_under_a_sound_ca_is_still_cert_revoked()
    {
        var issuingCrl = pki.Crl(pki.Issuing, (pki.Signer, pki.Now.AddHours(-1)));

        var result = Verify(SignedTax(pki.Signer), pki.Options(issuingCrl, pki.Crl(pki.Root)));

        AssertRejectedWith(result, SignatureCodes.CertRevoked);
    }
}
