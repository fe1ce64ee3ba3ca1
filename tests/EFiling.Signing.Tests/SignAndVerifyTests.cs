using System.Security.Cryptography.Xml;
using System.Xml;
using EFiling.Declarations.Parsing;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

[Collection(PkiCollection.Name)]
public sealed class SignAndVerifyTests(PkiFixture fixture)
{
    [Theory]
    [InlineData(ReferenceTarget.SignedPartId, XmlCanonicalization.Inclusive)]
    [InlineData(ReferenceTarget.SignedPartId, XmlCanonicalization.Exclusive)]
    [InlineData(ReferenceTarget.WholeDocument, XmlCanonicalization.Inclusive)]
    [InlineData(ReferenceTarget.WholeDocument, XmlCanonicalization.Exclusive)]
    public void Signed_declaration_verifies(ReferenceTarget target, XmlCanonicalization canonicalization)
    {
        var document = SignedTax(fixture.Valid.Certificate, new XmlSignerOptions { Reference = target, Canonicalization = canonicalization });

        var result = Verify(document, fixture.Options);

        Assert.True(result.IsValid, result.ToString());
        Assert.Empty(result.Findings);
        Assert.NotNull(result.Signer);
        Assert.Equal(Mst, result.Signer.Mst);
        Assert.Equal(SignedXml.XmlDsigRSASHA256Url, result.Signer.SignatureAlgorithm);
        Assert.Equal(SignedXml.XmlDsigSHA256Url, result.Signer.DigestAlgorithm);
        Assert.False(result.Signer.UsedSha1);
        Assert.Equal(target == ReferenceTarget.SignedPartId ? "#ID_1" : "", Ds(Signature(document), "Reference").GetAttribute("URI"));
    }

    [Fact]
    public void Signature_has_the_htkk_shape()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var signature = Signature(document);

        Assert.Same(SignatureBlock(document), signature.ParentNode);
        Assert.Equal(DsigNs, signature.NamespaceURI);
        Assert.Equal("", signature.Prefix);
        Assert.Equal(SignedXml.XmlDsigC14NTransformUrl, Ds(signature, "CanonicalizationMethod").GetAttribute("Algorithm"));
        Assert.Equal(SignedXml.XmlDsigRSASHA256Url, Ds(signature, "SignatureMethod").GetAttribute("Algorithm"));
        Assert.Equal(SignedXml.XmlDsigSHA256Url, Ds(signature, "DigestMethod").GetAttribute("Algorithm"));
        Assert.Equal(
            Convert.ToBase64String(fixture.Valid.Certificate.RawData),
            Ds(Ds(signature, "X509Data"), "X509Certificate").InnerText);
    }

    [Fact]
    public void Signer_info_describes_the_certificate()
    {
        var certificate = fixture.Valid.Certificate;

        var signer = Verify(SignedTax(certificate), fixture.Options).Signer!;

        Assert.Equal(certificate.Subject, signer.Subject);
        Assert.Equal(certificate.Issuer, signer.Issuer);
        Assert.Equal(certificate.SerialNumber, signer.SerialNumber);
        Assert.Equal(certificate.Thumbprint, signer.Thumbprint);
        Assert.Equal(64, signer.ThumbprintSha256.Length);
        Assert.Equal(certificate.NotAfter.ToUniversalTime(), signer.NotAfter.UtcDateTime);
        Assert.Equal(certificate.NotBefore.ToUniversalTime(), signer.NotBefore.UtcDateTime);
        Assert.Contains("MST:0100109106", signer.Subject);
    }

    [Fact]
    public void Placeholder_signature_is_replaced()
    {
        var document = Load(UnsignedTaxXml(signatureBlockContent: "<Signature/>"));

        new XmlSigner(fixture.Valid.Certificate).Sign(document, SignedPart(document), SignatureBlock(document));
        document = Reload(document);

        var children = SignatureBlock(document).ChildNodes.OfType<XmlElement>().ToList();
        Assert.Single(children);
        Assert.Equal(DsigNs, children[0].NamespaceURI);
        Assert.True(Verify(document, fixture.Options).IsValid);
    }

    [Fact]
    public void Signing_again_replaces_the_previous_signature()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var other = fixture.Pki.Taxpayer("0101601092");

        new XmlSigner(other.Certificate).Sign(document, SignedPart(document), SignatureBlock(document));
        document = Reload(document);

        Assert.Single(document.GetElementsByTagName("Signature", DsigNs).OfType<XmlElement>());
        Assert.True(Verify(document, fixture.Options, "0101601092").IsValid);
    }

    [Fact]
    public void A_signature_elsewhere_in_the_document_stops_signing()
    {
        // A ds:Signature inside the signed part (not in the block): signing around it would hand out a document
        // with two signatures, one of them not ours.
        var document = SignedTax(fixture.Valid.Certificate);
        var stray = (XmlElement)document.ImportNode(Signature(document), deep: true);
        SignedPart(document).AppendChild(stray);

        var e = Assert.Throws<InvalidOperationException>(() =>
            new XmlSigner(fixture.Valid.Certificate).Sign(document, SignedPart(document), SignatureBlock(document)));

        Assert.Contains("outside the signature block", e.Message);
    }

    [Fact]
    public void Signing_leaves_the_signed_part_byte_for_byte_and_survives_bom_and_crlf()
    {
        var unsigned = UnsignedTaxXml();
        var document = Load(unsigned);
        var before = SignedPart(document).OuterXml;

        new XmlSigner(fixture.Valid.Certificate).Sign(document, SignedPart(document), SignatureBlock(document));
        // The file as HTKK writes it: UTF-8 with BOM, CRLF line ends.
        var bytes = System.Text.Encoding.UTF8.GetPreamble()
            .Concat(System.Text.Encoding.UTF8.GetBytes(Text(document).Replace("\r\n", "\n").Replace("\n", "\r\n")))
            .ToArray();
        var received = SecureXml.Load(bytes);

        Assert.Equal(before, SignedPart(received).OuterXml);
        Assert.True(Verify(received, fixture.Options).IsValid);
    }

    [Fact]
    public void Signing_requires_preserved_whitespace()
    {
        var document = new XmlDocument { PreserveWhitespace = false };
        document.LoadXml(UnsignedTaxXml());

        Assert.Throws<InvalidOperationException>(() =>
            new XmlSigner(fixture.Valid.Certificate).Sign(document, SignedPart(document), SignatureBlock(document)));
    }

    [Fact]
    public void Social_insurance_declaration_in_its_own_namespace_verifies()
    {
        var document = Load(UnsignedBhxhXml());
        var part = Child(document.DocumentElement!, "HSoKhaiBHXH");
        var block = Child(document.DocumentElement!, "CKyDTu");
        var signer = fixture.Pki.Taxpayer("0101601092");

        new XmlSigner(signer.Certificate).Sign(document, part, block);
        document = Reload(document);
        part = Child(document.DocumentElement!, "HSoKhaiBHXH");
        block = Child(document.DocumentElement!, "CKyDTu");
        var result = new SignatureVerifier(fixture.Options).Verify(document, part, block, "0101601092", DateTimeOffset.UtcNow);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("#BHXH_1", Ds(Signature(document), "Reference").GetAttribute("URI"));
    }

    [Fact]
    public void Receipt_signed_by_the_service_verifies_without_an_mst()
    {
        var document = Load(
            "<ThongBao xmlns=\"urn:efiling:vn:thongbao:v1\"><NoiDung id=\"TB_1\"><maGiaoDich>11320241115000001</maGiaoDich></NoiDung><CKyDTu/></ThongBao>");
        var part = Child(document.DocumentElement!, "NoiDung");
        var block = Child(document.DocumentElement!, "CKyDTu");

        new XmlSigner(fixture.Pki.ReceiptSigning).Sign(document, part, block);
        var result = new SignatureVerifier(fixture.Options).Verify(document, part, block, DateTimeOffset.UtcNow);

        Assert.True(result.IsValid, result.ToString());
        Assert.Contains("EFiling Receipt Signing", result.Signer!.Subject);
        Assert.Null(result.Signer.Mst);
    }

    [Fact]
    public void Signing_the_part_needs_an_id()
    {
        var document = Load(UnsignedTaxXml().Replace(" id=\"ID_1\"", ""));

        Assert.Throws<ArgumentException>(() =>
            new XmlSigner(fixture.Valid.Certificate).Sign(document, SignedPart(document), SignatureBlock(document)));
    }
}
