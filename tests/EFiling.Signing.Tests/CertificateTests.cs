using EFiling.Declarations.Findings;
using System.Security.Cryptography.X509Certificates;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>The signer's certificate: chain to configured roots, validity at the given time, key usage,
/// offline CRL revocation and the MST binding.</summary>
[Collection(PkiCollection.Name)]
public sealed class CertificateTests(PkiFixture fixture)
{
    [Fact]
    public void Certificate_from_an_unconfigured_pki_is_untrusted()
    {
        // Same CA names and MST, different keys: only the trust anchor tells them apart.
        var rogue = fixture.Rogue.Taxpayer(Mst).Certificate;

        var result = Verify(SignedTax(rogue), fixture.Options);

        AssertRejectedWith(result, SignatureCodes.CertUntrustedRoot);
    }

    [Fact]
    public void Nothing_is_trusted_without_configured_roots()
    {
        AssertRejectedWith(
            Verify(SignedTax(fixture.Valid.Certificate), new SignatureVerifierOptions()),
            SignatureCodes.CertUntrustedRoot);
    }

    [Fact]
    public void Expired_certificate_is_refused()
    {
        var expired = fixture.Pki.FirstOf(DevCertificateKind.Expired);

        var result = Verify(SignedTax(expired.Certificate, mst: expired.Mst), fixture.Options, expired.Mst);

        AssertRejectedWith(result, SignatureCodes.CertExpired);
    }

    [Fact]
    public void Expired_certificate_was_fine_at_a_time_it_was_valid()
    {
        var expired = fixture.Pki.FirstOf(DevCertificateKind.Expired);
        var atTime = new DateTimeOffset(expired.Certificate.NotBefore.ToUniversalTime()).AddDays(1);

        var result = Verify(SignedTax(expired.Certificate, mst: expired.Mst), fixture.Options, expired.Mst, atTime);

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Certificate_is_not_yet_valid_before_its_start()
    {
        var atTime = new DateTimeOffset(fixture.Valid.Certificate.NotBefore.ToUniversalTime()).AddDays(-1);

        var result = Verify(SignedTax(fixture.Valid.Certificate), fixture.Options, atTime: atTime);

        AssertRejectedWith(result, SignatureCodes.CertNotYetValid);
    }

    [Fact]
    public void Revoked_certificate_is_refused()
    {
        var revoked = fixture.Pki.FirstOf(DevCertificateKind.Revoked);

        var result = Verify(SignedTax(revoked.Certificate, mst: revoked.Mst), fixture.Options, revoked.Mst);

        AssertRejectedWith(result, SignatureCodes.CertRevoked);
    }

    [Fact]
    public void Revocation_after_the_time_of_filing_does_not_count()
    {
        var revoked = fixture.Pki.FirstOf(DevCertificateKind.Revoked);
        // Revoked an hour before the PKI was made; the certificate started a day before.
        var atTime = new DateTimeOffset(revoked.Certificate.NotBefore.ToUniversalTime()).AddHours(1);

        var result = Verify(SignedTax(revoked.Certificate, mst: revoked.Mst), fixture.Options, revoked.Mst, atTime);

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Missing_crl_makes_revocation_unknown_and_rejects_by_default()
    {
        var result = Verify(SignedTax(fixture.Valid.Certificate), fixture.Options with { Crls = [] });

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
    }

    [Fact]
    public void Unknown_revocation_can_be_configured_as_a_warning()
    {
        var options = fixture.Options with { Crls = [], RevocationUnknownSeverity = Severity.Warn };

        var result = Verify(SignedTax(fixture.Valid.Certificate), options);

        Assert.True(result.IsValid, result.ToString());
        // Two warnings: neither the signer (issuing CA's CRL) nor the issuing CA (root's CRL) could be checked.
        var unknown = result.Findings.Where(f => f.Code == SignatureCodes.CertRevocationUnknown).ToList();
        Assert.Equal(2, unknown.Count);
        Assert.All(unknown, f => Assert.Equal(Severity.Warn, f.Severity));
    }

    [Fact]
    public void Expired_crl_makes_revocation_unknown()
    {
        var atTime = fixture.Pki.Manifest.CrlNextUpdate.AddDays(1);
        Assert.True(atTime < fixture.Valid.Certificate.NotAfter.ToUniversalTime());

        var result = Verify(SignedTax(fixture.Valid.Certificate), fixture.Options, atTime: atTime);

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
    }

    [Fact]
    public void Crl_with_the_issuer_name_but_not_its_signature_is_ignored()
    {
        // The rogue PKI's CA has the same name; its CRL (not listing anyone of ours) must not be believed.
        var rogueCrls = RevocationList.LoadFolder(fixture.Rogue.PathOf("crl"));
        var revoked = fixture.Pki.FirstOf(DevCertificateKind.Revoked);

        var result = Verify(SignedTax(revoked.Certificate, mst: revoked.Mst), fixture.Options with { Crls = rogueCrls }, revoked.Mst);

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
    }

    [Fact]
    public void Certificate_of_another_taxpayer_is_refused()
    {
        var result = Verify(SignedTax(fixture.Valid.Certificate, mst: "0101601092"), fixture.Options, "0101601092");

        AssertRejectedWith(result, SignatureCodes.CertMstMismatch);
        Assert.Equal(Mst, result.Signer!.Mst);
    }

    [Fact]
    public void Branch_filing_with_the_parent_certificate_is_refused_by_default()
    {
        var result = Verify(SignedTax(fixture.Valid.Certificate, mst: Mst + "-001"), fixture.Options, Mst + "-001");

        // Its own code, not CERT_MST_MISMATCH: the certificate is the company's, the office's policy refuses it.
        AssertRejectedWith(result, SignatureCodes.CertMstBranchOnParent);
    }

    [Fact]
    public void Branch_of_another_company_is_a_plain_mismatch_even_when_branches_are_allowed()
    {
        var options = fixture.Options with { AllowBranchOnParentCertificate = true };

        var result = Verify(SignedTax(fixture.Valid.Certificate, mst: "0101601092-001"), options, "0101601092-001");

        AssertRejectedWith(result, SignatureCodes.CertMstMismatch);
    }

    [Fact]
    public void Branch_filing_with_the_parent_certificate_is_accepted_when_allowed()
    {
        var options = fixture.Options with { AllowBranchOnParentCertificate = true };

        var result = Verify(SignedTax(fixture.Valid.Certificate, mst: Mst + "-001"), options, Mst + "-001");

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Parent_filing_with_a_branch_certificate_is_refused_even_when_branches_are_allowed()
    {
        using var branch = Issue(DevPki.TaxpayerSubject(Mst + "-001", "CÔNG TY TNHH ABC - CHI NHÁNH ĐÀ NẴNG"));
        var options = fixture.Options with { AllowBranchOnParentCertificate = true };

        AssertRejectedWith(Verify(SignedTax(branch), options), SignatureCodes.CertMstMismatch);
    }

    [Fact]
    public void Certificate_without_mst_is_refused()
    {
        using var certificate = Issue(DevPki.TaxpayerSubject(null, "NGUYỄN VĂN A"));

        var result = Verify(SignedTax(certificate), fixture.Options);

        AssertRejectedWith(result, SignatureCodes.CertMstMissing);
        Assert.Null(result.Signer!.Mst);
    }

    [Fact]
    public void Certificate_without_signing_key_usage_is_refused()
    {
        using var certificate = Issue(DevPki.TaxpayerSubject(Mst, "CÔNG TY TNHH ABC"), X509KeyUsageFlags.KeyEncipherment);

        AssertRejectedWith(Verify(SignedTax(certificate), fixture.Options), SignatureCodes.CertKeyUsage);
    }

    [Theory]
    [InlineData(X509KeyUsageFlags.DigitalSignature)]
    [InlineData(X509KeyUsageFlags.NonRepudiation)]
    public void Either_signing_key_usage_is_enough(X509KeyUsageFlags usage)
    {
        using var certificate = Issue(DevPki.TaxpayerSubject(Mst, "CÔNG TY TNHH ABC"), usage);

        var result = Verify(SignedTax(certificate), fixture.Options);

        Assert.True(result.IsValid, result.ToString());
    }

    private X509Certificate2 Issue(X500DistinguishedName subject, X509KeyUsageFlags usage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation) =>
        fixture.Pki.IssueCertificate(subject, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), usage);
}
