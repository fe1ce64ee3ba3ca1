using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>
/// The chain cache: one chain build per signer and trust, and every security property of an uncached check kept —
/// each filing's own validity window, revocation data of the moment, and a change of trust anchors or intermediates
/// missing the cached path.
/// </summary>
public sealed class ChainCacheTests(ChainPki pki) : IClassFixture<ChainPki>
{
    [Fact]
    public void A_taxpayer_filing_a_hundred_times_costs_one_chain_build()
    {
        var verifier = new SignatureVerifier(pki.Options(pki.Crl(pki.Issuing), pki.Crl(pki.Root)));
        var document = SignedTax(pki.Signer);

        for (var i = 0; i < 100; i++)
        {
            var result = Verify(verifier, document, pki.Now.AddMinutes(i));
            Assert.True(result.IsValid, result.ToString());
        }

        Assert.Equal(1, verifier.ChainBuilds);
    }

    [Fact]
    public void A_CAs_CRL_signature_is_verified_once_for_all_the_signers_it_issued()
    {
        var (issuingCrl, rootCrl) = (pki.Crl(pki.Issuing), pki.Crl(pki.Root));
        var verifier = new SignatureVerifier(pki.Options(issuingCrl, rootCrl));

        // Two taxpayers of the same issuing CA, each filing three times: two chain builds, and each CRL's signature
        // checked once, because every path is made of the configured CA instances, not of per-signer copies.
        foreach (var signer in new[] { pki.Signer, pki.SignerInPartition })
        {
            var document = SignedTax(signer);
            for (var i = 0; i < 3; i++) Assert.True(Verify(verifier, document, pki.Now.AddMinutes(i)).IsValid);
        }

        Assert.Equal(2, verifier.ChainBuilds);
        Assert.Equal(1, issuingCrl.SignatureVerifications);
        Assert.Equal(1, rootCrl.SignatureVerifications);
    }

    [Fact]
    public void Validity_is_checked_at_each_filings_own_time_with_the_same_findings_as_without_the_cache()
    {
        var options = pki.Options(pki.Crl(pki.Issuing), pki.Crl(pki.Root));
        var cached = new SignatureVerifier(options);
        var document = SignedTax(pki.Signer);
        Assert.True(Verify(cached, document, pki.Now).IsValid);

        var afterExpiry = new DateTimeOffset(pki.Signer.NotAfter.ToUniversalTime()).AddDays(1);
        var beforeValidity = new DateTimeOffset(pki.Signer.NotBefore.ToUniversalTime()).AddDays(-1);
        foreach (var (at, code) in new[] { (afterExpiry, SignatureCodes.CertExpired), (beforeValidity, SignatureCodes.CertNotYetValid) })
        {
            var result = Verify(cached, document, at);
            AssertRejectedWith(result, code);
            // Word for word what a verifier that never saw this signer says.
            Assert.Equal(Verify(new SignatureVerifier(options), document, at).Findings, result.Findings);
        }

        Assert.True(Verify(cached, document, pki.Now.AddHours(1)).IsValid);
    }

    [Fact]
    public void Revocation_is_checked_for_every_filing_against_the_revocation_data_of_that_moment()
    {
        var crls = new List<RevocationList> { pki.Crl(pki.Issuing), pki.Crl(pki.Root) };
        var verifier = new SignatureVerifier(pki.Options() with { Crls = crls });
        var document = SignedTax(pki.Signer);
        Assert.True(Verify(verifier, document, pki.Now).IsValid);

        // A newer CRL of the issuing CA lists the signer: the next filing is refused although its chain is cached.
        crls[0] = pki.Crl(pki.Issuing, (pki.Signer, pki.Now.AddMinutes(-30)));
        AssertRejectedWith(Verify(verifier, document, pki.Now), SignatureCodes.CertRevoked);
        // The issuing CA itself revoked by the root: its own code.
        crls[0] = pki.Crl(pki.Issuing);
        crls[1] = pki.Crl(pki.Root, (pki.Issuing, pki.Now.AddMinutes(-30)));
        AssertRejectedWith(Verify(verifier, document, pki.Now), SignatureCodes.CertIssuerRevoked);
        Assert.Equal(1, verifier.ChainBuilds);
    }

    [Fact]
    public void Removing_the_trusted_root_misses_the_cached_chain()
    {
        var (options, verifier, document) = CachedOnce();

        options.TrustedRoots.Clear();

        AssertRejectedWith(Verify(verifier, document, pki.Now), SignatureCodes.CertUntrustedRoot);
        Assert.Equal(2, verifier.ChainBuilds);
    }

    [Fact]
    public void Replacing_the_trust_anchor_by_another_with_the_same_name_misses_the_cached_chain()
    {
        var (options, verifier, document) = CachedOnce();

        // The root the operator now trusts has the same name and another key: the cached path does not reach it.
        options.TrustedRoots.Clear();
        options.TrustedRoots.Add(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(pki.ImpostorRoot.RawData));

        Assert.False(Verify(verifier, document, pki.Now).IsValid);
        Assert.Equal(2, verifier.ChainBuilds);
    }

    [Fact]
    public void Removing_the_intermediate_misses_the_cached_chain()
    {
        var (options, verifier, document) = CachedOnce();

        options.Intermediates.Clear();

        // KeyInfo carries the signer's certificate only: without the issuing CA there is no path.
        AssertRejectedWith(Verify(verifier, document, pki.Now), SignatureCodes.CertUntrustedRoot);
        Assert.Equal(2, verifier.ChainBuilds);
    }

    [Fact]
    public void A_chain_with_a_fault_is_never_cached()
    {
        var options = pki.Options(pki.Crl(pki.Issuing), pki.Crl(pki.Root));
        var verifier = new SignatureVerifier(options);
        var document = SignedTax(pki.Signer);
        var afterExpiry = new DateTimeOffset(pki.Signer.NotAfter.ToUniversalTime()).AddDays(1);

        AssertRejectedWith(Verify(verifier, document, afterExpiry), SignatureCodes.CertExpired);
        AssertRejectedWith(Verify(verifier, document, afterExpiry), SignatureCodes.CertExpired);
        Assert.Equal(2, verifier.ChainBuilds);
    }

    /// <summary>A verifier that has checked (and cached the chain of) a valid signature once.</summary>
    private (SignatureVerifierOptions Options, SignatureVerifier Verifier, System.Xml.XmlDocument Document) CachedOnce()
    {
        var options = pki.Options(pki.Crl(pki.Issuing), pki.Crl(pki.Root));
        var verifier = new SignatureVerifier(options);
        var document = SignedTax(pki.Signer);
        Assert.True(Verify(verifier, document, pki.Now).IsValid);
        return (options, verifier, document);
    }

    private static SignatureVerification Verify(SignatureVerifier verifier, System.Xml.XmlDocument document, DateTimeOffset at) =>
        verifier.Verify(document, SignedPart(document), SignatureBlock(document), Mst, at);
}
