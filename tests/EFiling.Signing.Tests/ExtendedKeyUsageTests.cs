using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>The signer's extended key usage: absent, or naming a document-signing purpose (README, "Certificate
/// purposes accepted"); a certificate only for TLS or code signing is refused.</summary>
[Collection(PkiCollection.Name)]
public sealed class ExtendedKeyUsageTests(PkiFixture fixture)
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string CodeSigning = "1.3.6.1.5.5.7.3.3";
    private const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    private const string SmartcardLogon = "1.3.6.1.4.1.311.20.2.2";

    [Theory]
    [InlineData(ServerAuth)]
    [InlineData(CodeSigning)]
    [InlineData(ClientAuth)]
    [InlineData(ServerAuth, CodeSigning)]
    [InlineData(ClientAuth, SmartcardLogon)]
    public void Attack_certificate_for_other_purposes_only_is_refused(params string[] purposes)
    {
        using var certificate = Issue(purposes);

        var result = Verify(SignedTax(certificate), fixture.Options);

        AssertRejectedWith(result, SignatureCodes.CertExtendedKeyUsage);
        Assert.All(purposes, p => Assert.Contains(p, result.Findings[0].Message));
    }

    [Theory]
    [InlineData("2.5.29.37.0")]
    [InlineData(EmailProtection)]
    [InlineData("1.3.6.1.5.5.7.3.36")]
    [InlineData("1.3.6.1.4.1.311.10.3.12")]
    [InlineData("1.2.840.113583.1.1.5")]
    // FPT's signer certificates list almost everything, TLS server and code signing included, and e-mail protection.
    [InlineData(ServerAuth, ClientAuth, CodeSigning, EmailProtection)]
    // VNPT's: TLS client and Microsoft document signing.
    [InlineData(ClientAuth, "1.3.6.1.4.1.311.10.3.12")]
    public void Certificate_with_a_document_signing_purpose_is_accepted(params string[] purposes)
    {
        using var certificate = Issue(purposes);

        var result = Verify(SignedTax(certificate), fixture.Options);

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Certificate_without_extended_key_usage_is_accepted()
    {
        Assert.DoesNotContain(fixture.Valid.Certificate.Extensions, e => e.Oid?.Value == "2.5.29.37");

        Assert.True(Verify(SignedTax(fixture.Valid.Certificate), fixture.Options).IsValid);
    }

    [Fact]
    public void An_issuing_cas_own_extended_key_usage_does_not_restrict_its_signers()
    {
        // Viettel-CA's 2020 issuing certificates carry EKU code signing only, and sign taxpayers' certificates.
        using var chain = new ChainPki();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(
            new X500DistinguishedName("CN=Code Signing Only Issuing CA, O=EFiling Tests, C=VN"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(CodeSigning)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var issuedCa = request.Create(chain.Root, chain.Now.AddYears(-1), chain.Now.AddYears(3), [0x41, 0x02]);
        using var ca = issuedCa.CopyWithPrivateKey(key);
        using var signer = DevCertificateFactory.CreateEndEntity(
            ca, DevPki.TaxpayerSubject(Mst, "CÔNG TY TNHH ABC"), 2048, chain.Now.AddDays(-1), chain.Now.AddYears(1), DevPkiGenerator.SigningUsage);
        var options = chain.Options(
            RevocationList.Parse(DevCertificateFactory.CreateCrl(ca, [], chain.Now.AddMinutes(-1), chain.Now.AddDays(1))),
            chain.Crl(chain.Root)) with { Intermediates = [X509CertificateLoader.LoadCertificate(ca.RawData)] };

        var result = Verify(SignedTax(signer), options);

        Assert.True(result.IsValid, result.ToString());
    }

    private X509Certificate2 Issue(params string[] purposes)
    {
        var oids = new OidCollection();
        foreach (var purpose in purposes) oids.Add(new Oid(purpose));
        return fixture.Pki.IssueCertificate(
            DevPki.TaxpayerSubject(Mst, "CÔNG TY TNHH ABC"), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30),
            extraExtensions: [new X509EnhancedKeyUsageExtension(oids, critical: false)]);
    }
}
