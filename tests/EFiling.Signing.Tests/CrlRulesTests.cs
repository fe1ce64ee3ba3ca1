using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;
using static EFiling.Signing.Tests.Support.TestCrl;

namespace EFiling.Signing.Tests;

/// <summary>
/// Which CRLs speak for a certificate (RFC 5280 §5.2, §6.3): unsupported critical extensions, the scope an issuing
/// distribution point gives a partitioned CRL, delta CRLs combined with their base, currency. The root's CRL is always
/// a clean complete one: these tests are about the issuing CA's CRLs for the signer.
/// </summary>
public sealed class CrlRulesTests(ChainPki pki) : IClassFixture<ChainPki>
{
    private const string OtherPartition = "http://crl.chain.test/issuing-part-7.crl";

    [Fact]
    public void A_newer_partitioned_crl_beside_the_full_one_does_not_hide_the_signers_revocation()
    {
        var full = IssuingCrl(1, pki.Now.AddHours(-2), entries: [Revoked(pki.Signer)]);
        var partition = IssuingCrl(2, pki.Now.AddMinutes(-1), extensions: IssuingDistributionPoint(OtherPartition));

        AssertRejectedWith(VerifyWith(pki.Signer, full, partition), SignatureCodes.CertRevoked);
    }

    [Fact]
    public void A_partitioned_crl_for_another_distribution_point_is_not_used_for_the_certificate()
    {
        var partition = IssuingCrl(2, extensions: IssuingDistributionPoint(OtherPartition));

        var result = VerifyWith(pki.SignerInPartition, partition);

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
        Assert.Contains("distribution point", Findings.Single(result, SignatureCodes.CertRevocationUnknown).Message);
    }

    [Fact]
    public void A_partitioned_crl_for_the_certificates_own_distribution_point_decides()
    {
        var clean = IssuingCrl(2, extensions: IssuingDistributionPoint(ChainPki.PartitionUrl));
        var revoking = IssuingCrl(3, entries: [Revoked(pki.SignerInPartition)], extensions: IssuingDistributionPoint(ChainPki.PartitionUrl));

        var good = VerifyWith(pki.SignerInPartition, clean);
        Assert.True(good.IsValid, good.ToString());
        AssertRejectedWith(VerifyWith(pki.SignerInPartition, revoking), SignatureCodes.CertRevoked);
    }

    [Fact]
    public void A_crl_with_an_unknown_critical_extension_is_not_used()
    {
        var result = VerifyWith(pki.Signer, IssuingCrl(1, extensions: Unknown(critical: true)));

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
        Assert.Contains("1.3.6.1.4.1.99999.7", Findings.Single(result, SignatureCodes.CertRevocationUnknown).Message);
    }

    [Fact]
    public void A_crl_with_an_unknown_non_critical_extension_is_used()
    {
        var result = VerifyWith(pki.Signer, IssuingCrl(1, extensions: Unknown(critical: false)));

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void A_crl_with_an_unknown_critical_entry_extension_is_not_used()
    {
        var other = new TestCrlEntry(pki.SignerInPartition, pki.Now.AddHours(-1), Extensions: [Unknown(critical: true)]);

        AssertRejectedWith(VerifyWith(pki.Signer, IssuingCrl(1, entries: [other])), SignatureCodes.CertRevocationUnknown);
    }

    [Fact]
    public void An_indirect_crl_is_not_used()
    {
        var indirect = IssuingCrl(1, extensions: IssuingDistributionPoint(indirect: true));
        var issuerEntry = new TestCrlEntry(pki.SignerInPartition, pki.Now.AddHours(-1), Extensions: [CertificateIssuer(pki.Root.SubjectName)]);
        var withCertificateIssuer = IssuingCrl(1, entries: [issuerEntry]);

        AssertRejectedWith(VerifyWith(pki.Signer, indirect), SignatureCodes.CertRevocationUnknown);
        AssertRejectedWith(VerifyWith(pki.Signer, withCertificateIssuer), SignatureCodes.CertRevocationUnknown);
    }

    [Fact]
    public void A_crl_only_for_ca_certificates_is_not_used_for_the_signer()
    {
        var result = VerifyWith(pki.Signer, IssuingCrl(1, extensions: IssuingDistributionPoint(onlyCaCerts: true)));

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
    }

    [Fact]
    public void A_crl_only_for_user_certificates_is_used_for_the_signer_but_not_for_the_issuing_ca()
    {
        var userOnly = IssuingCrl(1, extensions: IssuingDistributionPoint(onlyUserCerts: true));
        var rootUserOnly = RevocationList.Parse(Build(pki.Root, pki.Now.AddMinutes(-1), pki.Now.AddDays(30),
            extensions: [CrlNumber(1), IssuingDistributionPoint(onlyUserCerts: true)]));

        var signerCovered = Verify(SignedTax(pki.Signer), pki.Options(userOnly, pki.Crl(pki.Root)));
        Assert.True(signerCovered.IsValid, signerCovered.ToString());

        var result = Verify(SignedTax(pki.Signer), pki.Options(userOnly, rootUserOnly));
        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
        Assert.Contains("CA certificate", Findings.Single(result, SignatureCodes.CertRevocationUnknown).Message);
    }

    [Fact]
    public void A_crl_for_some_reasons_only_can_revoke_but_cannot_clear()
    {
        var clean = IssuingCrl(1, extensions: IssuingDistributionPoint(onlyKeyCompromise: true));
        var revoking = IssuingCrl(1, entries: [Revoked(pki.Signer)], extensions: IssuingDistributionPoint(onlyKeyCompromise: true));

        AssertRejectedWith(VerifyWith(pki.Signer, clean), SignatureCodes.CertRevocationUnknown);
        AssertRejectedWith(VerifyWith(pki.Signer, revoking), SignatureCodes.CertRevoked);
    }

    [Fact]
    public void A_delta_crl_revoking_the_signer_on_top_of_a_clean_base_revokes_it()
    {
        var baseCrl = IssuingCrl(5, pki.Now.AddHours(-3));
        var delta = IssuingCrl(6, entries: [Revoked(pki.Signer)], extensions: DeltaOf(5));

        AssertRejectedWith(VerifyWith(pki.Signer, baseCrl, delta), SignatureCodes.CertRevoked);
    }

    [Fact]
    public void A_clean_delta_crl_without_its_base_cannot_clear_the_signer()
    {
        var result = VerifyWith(pki.Signer, IssuingCrl(6, extensions: DeltaOf(5)));

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
    }

    [Fact]
    public void A_delta_crl_removing_a_hold_of_its_base_clears_the_signer()
    {
        var baseCrl = IssuingCrl(5, pki.Now.AddHours(-3), entries: [Held(pki.Signer)]);
        var delta = IssuingCrl(6, entries: [Removed(pki.Signer)], extensions: DeltaOf(5));

        AssertRejectedWith(VerifyWith(pki.Signer, baseCrl), SignatureCodes.CertRevoked);
        var result = VerifyWith(pki.Signer, baseCrl, delta);
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void A_delta_crl_for_a_newer_base_than_the_one_at_hand_is_not_combined()
    {
        // The delta builds on CRL 7; we only have 5, so its removal of the hold says nothing about 5's entries.
        var baseCrl = IssuingCrl(5, pki.Now.AddHours(-3), entries: [Held(pki.Signer)]);
        var delta = IssuingCrl(8, entries: [Removed(pki.Signer)], extensions: DeltaOf(7));

        AssertRejectedWith(VerifyWith(pki.Signer, baseCrl, delta), SignatureCodes.CertRevoked);
    }

    [Fact]
    public void A_delta_crl_of_another_scope_is_not_combined_with_the_base()
    {
        var baseCrl = IssuingCrl(5, pki.Now.AddHours(-3), entries: [Held(pki.SignerInPartition)]);
        var delta = IssuingCrl(6, entries: [Removed(pki.SignerInPartition)], extensions: [DeltaOf(5), IssuingDistributionPoint(ChainPki.PartitionUrl)]);

        AssertRejectedWith(VerifyWith(pki.SignerInPartition, baseCrl, delta), SignatureCodes.CertRevoked);
    }

    [Fact]
    public void The_newest_complete_crl_decides_a_hold_by_crl_number()
    {
        // Same thisUpdate: only the CRL number tells which is newer.
        var held = IssuingCrl(1, pki.Now.AddMinutes(-1), entries: [Held(pki.Signer)]);
        var released = IssuingCrl(2, pki.Now.AddMinutes(-1));

        var result = VerifyWith(pki.Signer, held, released);
        Assert.True(result.IsValid, result.ToString());
        AssertRejectedWith(VerifyWith(pki.Signer, held), SignatureCodes.CertRevoked);
    }

    [Fact]
    public void A_revocation_in_an_older_crl_is_not_undone_by_a_newer_one_that_omits_it()
    {
        var older = IssuingCrl(1, pki.Now.AddHours(-3), entries: [Revoked(pki.Signer)]);
        var newer = IssuingCrl(2, pki.Now.AddMinutes(-1));

        AssertRejectedWith(VerifyWith(pki.Signer, older, newer), SignatureCodes.CertRevoked);
    }

    [Fact]
    public void A_crl_past_its_next_update_at_the_filing_time_is_not_current()
    {
        var expired = IssuingCrl(1, pki.Now.AddDays(-3), nextUpdate: pki.Now.AddDays(-2));

        var result = VerifyWith(pki.Signer, expired);

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
        Assert.Contains("expired", Findings.Single(result, SignatureCodes.CertRevocationUnknown).Message);
    }

    [Fact]
    public void A_crl_dated_in_the_future_is_not_used()
    {
        var future = IssuingCrl(1, DateTimeOffset.UtcNow.AddDays(1), nextUpdate: DateTimeOffset.UtcNow.AddDays(30));

        AssertRejectedWith(VerifyWith(pki.Signer, future), SignatureCodes.CertRevocationUnknown);
    }

    private SignatureVerification VerifyWith(X509Certificate2 signer, params RevocationList[] issuingCrls) =>
        Verify(SignedTax(signer), pki.Options([.. issuingCrls, pki.Crl(pki.Root)]));

    private TestCrlEntry Revoked(X509Certificate2 certificate) =>
        new(certificate, pki.Now.AddHours(-4), X509RevocationReason.KeyCompromise);

    private TestCrlEntry Held(X509Certificate2 certificate) =>
        new(certificate, pki.Now.AddHours(-4), X509RevocationReason.CertificateHold);

    private TestCrlEntry Removed(X509Certificate2 certificate) =>
        new(certificate, pki.Now.AddHours(-4), X509RevocationReason.RemoveFromCrl);

    /// <summary>A CRL of the issuing CA with CRL number <paramref name="number"/>, valid for a day from
    /// <paramref name="thisUpdate"/> (default a minute ago).</summary>
    private RevocationList IssuingCrl(
        BigInteger number, DateTimeOffset? thisUpdate = null, DateTimeOffset? nextUpdate = null, TestCrlEntry[]? entries = null,
        params X509Extension[] extensions)
    {
        var from = thisUpdate ?? pki.Now.AddMinutes(-1);
        return RevocationList.Parse(Build(pki.Issuing, from, nextUpdate ?? from.AddDays(1), entries, [CrlNumber(number), .. extensions]));
    }
}
