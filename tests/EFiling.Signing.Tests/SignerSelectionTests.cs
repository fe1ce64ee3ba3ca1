using System.Security.Cryptography.X509Certificates;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using EFiling.Tests.Shared;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>
/// The verification result names the certificate whose key verified the SignatureValue, wherever other certificates
/// sit in the unsigned parts of the signature block. Intake records exactly this signer and everything after it reads
/// the record (issues 11 and 13), so a certificate placed before the signer's must never become "the signer".
/// </summary>
[Collection(PkiCollection.Name)]
public sealed class SignerSelectionTests(PkiFixture fixture)
{
    [Theory]
    [InlineData(ExtraCertificatePlace.ForeignWrapperInKeyInfo)]
    [InlineData(ExtraCertificatePlace.ObjectInSignatureBlock)]
    [InlineData(ExtraCertificatePlace.ForeignElementInSignatureBlock)]
    public void Another_taxpayer_certificate_placed_before_the_signer_is_not_the_signer(ExtraCertificatePlace place)
    {
        using var signer = SameMstCertificate();
        var result = Verify(SignedWith(signer, fixture.Valid.Certificate, place), fixture.Options);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(signer.Thumbprint, Assert.Single(result.Signers).Thumbprint);
        Assert.NotEqual(fixture.Valid.Certificate.Thumbprint, result.Signer!.Thumbprint);
    }

    [Theory]
    [InlineData(ExtraCertificatePlace.X509DataBeforeSigner)]
    [InlineData(ExtraCertificatePlace.SameX509DataBeforeSigner)]
    public void A_second_end_entity_certificate_in_X509Data_is_refused(ExtraCertificatePlace place)
    {
        using var signer = SameMstCertificate();
        AssertRejectedWith(Verify(SignedWith(signer, fixture.Valid.Certificate, place), fixture.Options), SignatureCodes.NoCertificate);
    }

    [Fact]
    public void The_issuing_CA_listed_before_the_signer_is_a_chain_helper_not_the_signer()
    {
        using var issuing = X509CertificateLoader.LoadCertificate(fixture.Pki.IssuingCa.RawData);
        var result = Verify(SignedWith(fixture.Valid.Certificate, issuing, ExtraCertificatePlace.SameX509DataBeforeSigner), fixture.Options);

        Assert.True(result.IsValid, result.ToString());
        var signer = Assert.Single(result.Signers);
        Assert.Equal(fixture.Valid.Certificate.Thumbprint, signer.Thumbprint);
        Assert.Equal(fixture.Valid.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), signer.ThumbprintSha256);
        Assert.Equal(Mst, signer.Mst);
    }

    /// <summary>A trusted certificate for the same MST as <see cref="PkiFixture.Valid"/>, but another one.</summary>
    private X509Certificate2 SameMstCertificate() =>
        fixture.Pki.IssueCertificate(DevPki.TaxpayerSubject(Mst, "CÔNG TY TNHH ABC"), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30));

    private static System.Xml.XmlDocument SignedWith(X509Certificate2 signer, X509Certificate2 extra, ExtraCertificatePlace place)
    {
        var document = SignedTax(signer);
        ExtraCertificates.Place(Signature(document), extra, place);
        return Reload(document);
    }
}
