using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>
/// The certificate cache: a signer's KeyInfo certificate is decoded once per verifier, and everything that depends on
/// the filing is still checked on each one — whose MST it carries, the signature value, the validity at its own time.
/// </summary>
public sealed class DecodedCertificatesTests(ChainPki pki) : IClassFixture<ChainPki>
{
    [Fact]
    public void A_taxpayer_filing_a_hundred_times_costs_one_certificate_decode()
    {
        var verifier = new SignatureVerifier(pki.Options(pki.Crl(pki.Issuing), pki.Crl(pki.Root)));
        var document = SignedTax(pki.Signer);

        for (var i = 0; i < 100; i++)
        {
            var result = Check(verifier, document, Mst, pki.Now.AddMinutes(i));
            Assert.True(result.IsValid, result.ToString());
            Assert.Equal(Mst, result.Signers.Single().Mst);
        }

        Assert.Equal(1, verifier.CertificateDecodes);
    }

    [Fact]
    public void Another_certificate_is_decoded_on_its_own()
    {
        var verifier = new SignatureVerifier(pki.Options(pki.Crl(pki.Issuing), pki.Crl(pki.Root)));
        Check(verifier, SignedTax(pki.Signer), Mst, pki.Now);
        Check(verifier, SignedTax(pki.SignerInPartition), Mst, pki.Now);
        Check(verifier, SignedTax(pki.Signer), Mst, pki.Now);

        Assert.Equal(2, verifier.CertificateDecodes);
    }

    [Fact]
    public void A_cached_certificate_is_still_matched_against_each_filings_taxpayer_and_each_signature_value()
    {
        var options = pki.Options(pki.Crl(pki.Issuing), pki.Crl(pki.Root));
        var verifier = new SignatureVerifier(options);
        var document = SignedTax(pki.Signer);
        Assert.True(Check(verifier, document, Mst, pki.Now).IsValid);

        // The same certificate on a filing for another taxpayer: refused, word for word as by a verifier that never saw it.
        var other = Check(verifier, document, "0312345678", pki.Now);
        AssertRejectedWith(other, SignatureCodes.CertMstMismatch);
        Assert.Equal(Check(new SignatureVerifier(options), document, "0312345678", pki.Now).Findings, other.Findings);

        // The same certificate over content changed after signing: the signature value is checked again.
        var tampered = SignedTax(pki.Signer);
        var figure = tampered.GetElementsByTagName("ct40")[0]!;
        figure.InnerText += "1";
        AssertRejectedWith(Check(verifier, tampered, Mst, pki.Now), SignatureCodes.Invalid);

        // And at a time outside its validity, the chain check refuses it.
        AssertRejectedWith(Check(verifier, document, Mst, new DateTimeOffset(pki.Signer.NotAfter.ToUniversalTime()).AddDays(1)), SignatureCodes.CertExpired);
        Assert.Equal(1, verifier.CertificateDecodes);
    }

    private static SignatureVerification Check(SignatureVerifier verifier, System.Xml.XmlDocument document, string mst, DateTimeOffset at) =>
        verifier.Verify(document, SignedPart(document), SignatureBlock(document), mst, at);
}
