using System.Security.Cryptography.Xml;
using EFiling.Declarations.Parsing;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>Interop with xmlsec1 (libxmlsec1 + OpenSSL), an independent XMLDSig implementation, both ways.</summary>
[Collection(PkiCollection.Name)]
public sealed class XmlsecInteropTests(PkiFixture fixture)
{
    // xmlsec1 matches the id attribute on this node name; HSoKhaiThue is in the tax namespace.
    private const string IdAttributeNode = "HSoKhaiThue";

    [Theory]
    [InlineData("#ID_1", false)]
    [InlineData("#ID_1", true)]
    [InlineData("", false)]
    [InlineData("", true)]
    public void Declaration_signed_by_xmlsec1_verifies(string uri, bool exclusive)
    {
        var folder = fixture.ScratchFolder();
        var template = Path.Combine(folder, "template.xml");
        var signed = Path.Combine(folder, "signed.xml");
        File.WriteAllText(template, UnsignedTaxXml(signatureBlockContent: SignatureTemplate(uri, exclusive)));

        var (exitCode, output) = Xmlsec.Run(
            "--sign",
            "--privkey-pem", $"{fixture.Valid.PrivateKeyPemPath},{fixture.Valid.CertificatePemPath}",
            "--id-attr:id", IdAttributeNode,
            "--output", signed,
            template);
        Assert.True(exitCode == 0, $"xmlsec1 --sign failed ({exitCode}): {output}");

        var document = SecureXml.LoadFile(signed);
        Assert.NotEmpty(Ds(Signature(document), "SignatureValue").InnerText);
        var result = Verify(document, fixture.Options);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(Mst, result.Signer!.Mst);
    }

    [Theory]
    [InlineData(ReferenceTarget.SignedPartId, XmlCanonicalization.Inclusive)]
    [InlineData(ReferenceTarget.SignedPartId, XmlCanonicalization.Exclusive)]
    [InlineData(ReferenceTarget.WholeDocument, XmlCanonicalization.Inclusive)]
    [InlineData(ReferenceTarget.WholeDocument, XmlCanonicalization.Exclusive)]
    public void Declaration_signed_by_XmlSigner_verifies_with_xmlsec1(ReferenceTarget target, XmlCanonicalization canonicalization)
    {
        var path = Path.Combine(fixture.ScratchFolder(), "signed.xml");
        Save(SignedTax(fixture.Valid.Certificate, new XmlSignerOptions { Reference = target, Canonicalization = canonicalization }), path);

        var (exitCode, output) = XmlsecVerify(path);

        Assert.True(exitCode == 0, $"xmlsec1 --verify failed ({exitCode}): {output}");
        Assert.Contains("OK", output);
        Assert.Contains("SignedInfo References (ok/all): 1/1", output);
    }

    [Theory]
    [InlineData(XmlCanonicalization.InclusiveWithComments, ReferenceTransforms.EnvelopedOnly)] // HTKK
    [InlineData(XmlCanonicalization.ExclusiveWithComments, ReferenceTransforms.EnvelopedOnly)] // eTax portal
    [InlineData(XmlCanonicalization.InclusiveWithComments, ReferenceTransforms.EnvelopedAndCanonicalization)]
    [InlineData(XmlCanonicalization.ExclusiveWithComments, ReferenceTransforms.EnvelopedAndCanonicalization)]
    public void Htkk_and_etax_profiles_signed_by_XmlSigner_verify_with_xmlsec1(XmlCanonicalization canonicalization, ReferenceTransforms transforms)
    {
        var path = Path.Combine(fixture.ScratchFolder(), "signed.xml");
        var options = new XmlSignerOptions { Canonicalization = canonicalization, ReferenceTransforms = transforms, IncludeKeyValue = true };
        Save(SignedTax(fixture.Valid.Certificate, options), path);

        var (exitCode, output) = XmlsecVerify(path);

        Assert.True(exitCode == 0, $"xmlsec1 --verify failed ({exitCode}): {output}");
        Assert.Contains("SignedInfo References (ok/all): 1/1", output);
    }

    [Fact]
    public void Xmlsec1_rejects_a_tampered_declaration_signed_by_XmlSigner()
    {
        var path = Path.Combine(fixture.ScratchFolder(), "tampered.xml");
        var document = SignedTax(fixture.Valid.Certificate);
        document.GetElementsByTagName("ct40", TaxNs)[0]!.InnerText = "1";
        Save(document, path);

        var (exitCode, output) = XmlsecVerify(path);

        Assert.True(exitCode != 0, "xmlsec1 accepted a tampered document: " + output);
        Assert.Contains("FAIL", output);
    }

    [Fact]
    public void Xmlsec1_rejects_a_declaration_from_an_unconfigured_pki()
    {
        // Shows xmlsec1 really validates the certificate against --trusted-pem, so the OKs above mean something.
        var path = Path.Combine(fixture.ScratchFolder(), "rogue.xml");
        Save(SignedTax(fixture.Rogue.Taxpayer(Mst).Certificate), path);

        var (exitCode, output) = XmlsecVerify(path);

        Assert.True(exitCode != 0, "xmlsec1 accepted a certificate from an untrusted root: " + output);
    }

    private (int ExitCode, string Output) XmlsecVerify(string path) =>
        Xmlsec.Run(
            "--verify",
            "--trusted-pem", fixture.Pki.PathOf(fixture.Pki.Manifest.RootCa),
            "--untrusted-pem", fixture.Pki.PathOf(fixture.Pki.Manifest.IssuingCa),
            "--id-attr:id", IdAttributeNode,
            path);

    private static string SignatureTemplate(string uri, bool exclusive)
    {
        var c14n = exclusive ? SignedXml.XmlDsigExcC14NTransformUrl : SignedXml.XmlDsigC14NTransformUrl;
        var extraTransform = exclusive ? $"<Transform Algorithm=\"{c14n}\"/>" : "";
        return
            $"<Signature xmlns=\"{DsigNs}\"><SignedInfo>" +
            $"<CanonicalizationMethod Algorithm=\"{c14n}\"/>" +
            $"<SignatureMethod Algorithm=\"{SignedXml.XmlDsigRSASHA256Url}\"/>" +
            $"<Reference URI=\"{uri}\"><Transforms><Transform Algorithm=\"{SignedXml.XmlDsigEnvelopedSignatureTransformUrl}\"/>{extraTransform}</Transforms>" +
            $"<DigestMethod Algorithm=\"{SignedXml.XmlDsigSHA256Url}\"/><DigestValue/></Reference>" +
            "</SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature>";
    }
}
