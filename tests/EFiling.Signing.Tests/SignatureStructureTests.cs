using EFiling.Declarations.Findings;
using System.Security.Cryptography.Xml;
using System.Xml;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>How many signatures, where, with which algorithms, and whether the bytes still match.</summary>
[Collection(PkiCollection.Name)]
public sealed class SignatureStructureTests(PkiFixture fixture)
{
    [Fact]
    public void Unsigned_declaration_is_refused()
    {
        var result = Verify(Load(UnsignedTaxXml()), fixture.Options);

        AssertRejectedWith(result, SignatureCodes.Missing);
        Assert.Null(result.Signer);
    }

    [Fact]
    public void Placeholder_that_is_not_xmldsig_is_not_a_signature()
    {
        AssertRejectedWith(Verify(Load(UnsignedTaxXml(signatureBlockContent: "<Signature/>")), fixture.Options), SignatureCodes.Missing);
    }

    [Fact]
    public void Signature_outside_the_signature_block_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        document.DocumentElement!.AppendChild(Signature(document));

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.Missing);
    }

    [Fact]
    public void Two_byte_identical_signatures_in_the_block_count_as_one()
    {
        // Was "Two_signatures_in_the_block_are_refused": HTKK writes a copy each time "sign" is pressed, and the
        // official schema allows any number. Different signatures are covered in MultipleSignatureTests.
        var document = SignedTax(fixture.Valid.Certificate);
        SignatureBlock(document).AppendChild(Signature(document).CloneNode(deep: true));
        document = Reload(document);

        var result = Verify(document, fixture.Options);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(Severity.Warn, Findings.Single(result, SignatureCodes.Repeated).Severity);
        Assert.Single(result.Signers);
    }

    [Fact]
    public void Another_signature_elsewhere_in_the_document_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var pluc = (XmlElement)document.GetElementsByTagName("PLuc", TaxNs)[0]!;
        pluc.AppendChild(Signature(document).CloneNode(deep: true));

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.Multiple);
    }

    [Fact]
    public void Tampered_figure_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        document.GetElementsByTagName("ct40", TaxNs)[0]!.InnerText = "0";

        var result = Verify(document, fixture.Options);

        AssertRejectedWith(result, SignatureCodes.Invalid);
        Assert.NotNull(result.Signer); // who claimed to sign is still reported
    }

    [Fact]
    public void Tampered_whole_document_signature_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate, new XmlSignerOptions { Reference = ReferenceTarget.WholeDocument });
        // Outside HSoKhaiThue, but covered by URI="".
        document.DocumentElement!.InsertBefore(document.CreateElement("GhiChu", TaxNs), SignatureBlock(document));

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.Invalid);
    }

    [Fact]
    public void Tampered_signature_value_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var value = Ds(Signature(document), "SignatureValue");
        var bytes = Convert.FromBase64String(value.InnerText);
        bytes[10] ^= 0x01;
        value.InnerText = Convert.ToBase64String(bytes);

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.Invalid);
    }

    [Fact]
    public void Signature_without_certificate_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var x509Data = Ds(Signature(document), "X509Data");
        x509Data.ParentNode!.RemoveChild(x509Data);

        var result = Verify(document, fixture.Options);

        AssertRejectedWith(result, SignatureCodes.NoCertificate);
        Assert.Null(result.Signer);
    }

    [Fact]
    public void Two_signer_certificates_are_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var x509Data = Ds(Signature(document), "X509Data");
        var other = document.CreateElement("X509Certificate", DsigNs);
        other.InnerText = Convert.ToBase64String(fixture.Pki.Taxpayer("0101601092").Certificate.RawData);
        x509Data.AppendChild(other);

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.NoCertificate);
    }

    [Fact]
    public void Ca_certificate_next_to_the_signer_helps_chain_building()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var x509Data = Ds(Signature(document), "X509Data");
        var issuer = document.CreateElement("X509Certificate", DsigNs);
        issuer.InnerText = Convert.ToBase64String(fixture.Pki.IssuingCa.RawData);
        x509Data.AppendChild(issuer);
        var withoutIntermediates = fixture.Options with { Intermediates = new() };

        var result = Verify(document, withoutIntermediates);

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Sha1_is_refused_by_default()
    {
        var document = SignedTax(fixture.Valid.Certificate, new XmlSignerOptions { Hash = SignatureHash.Sha1 });

        var result = Verify(document, fixture.Options);

        AssertRejectedWith(result, SignatureCodes.AlgorithmNotAllowed);
        Assert.Equal(2, result.Findings.Count); // signature method and digest method
        Assert.True(result.Signer!.UsedSha1);
    }

    [Fact]
    public void Sha1_is_accepted_with_a_warning_before_the_cut_off()
    {
        var document = SignedTax(fixture.Valid.Certificate, new XmlSignerOptions { Hash = SignatureHash.Sha1 });

        var result = Verify(document, fixture.Options with { Sha1AcceptedUntil = DateTimeOffset.UtcNow.AddDays(1) });

        Assert.True(result.IsValid, result.ToString());
        var warning = Findings.Single(result, SignatureCodes.Sha1Used);
        Assert.Equal(Severity.Warn, warning.Severity);
        Assert.Equal(SignedXml.XmlDsigRSASHA1Url, result.Signer!.SignatureAlgorithm);
        Assert.Equal(SignedXml.XmlDsigSHA1Url, result.Signer.DigestAlgorithm);
        Assert.True(result.Signer.UsedSha1);
    }

    [Fact]
    public void Sha1_digest_under_an_rsa_sha256_signature_is_refused_by_default()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        Ds(Signature(document), "DigestMethod").SetAttribute("Algorithm", SignedXml.XmlDsigSHA1Url);

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.AlgorithmNotAllowed);
    }

    [Theory]
    [InlineData("http://www.w3.org/2001/04/xmldsig-more#rsa-sha512")]
    [InlineData("http://www.w3.org/2000/09/xmldsig#hmac-sha1")]
    [InlineData("http://www.w3.org/2000/09/xmldsig#dsa-sha1")]
    public void Other_signature_methods_are_refused(string algorithm)
    {
        var document = SignedTax(fixture.Valid.Certificate);
        Ds(Signature(document), "SignatureMethod").SetAttribute("Algorithm", algorithm);

        AssertRejectedWith(Verify(document, fixture.Options with { Sha1AcceptedUntil = DateTimeOffset.MaxValue }), SignatureCodes.AlgorithmNotAllowed);
    }

    [Theory]
    [InlineData("Object")]
    [InlineData("Manifest")]
    public void An_object_or_manifest_inside_the_signature_is_refused_with_its_own_code(string element)
    {
        // Unsigned content (the one Reference covers the declaration), though the signature itself still verifies.
        var document = SignedTax(fixture.Valid.Certificate);
        var extra = document.CreateElement("ds", element, DsigNs);
        extra.InnerText = "2025-01-31T10:00:00+07:00";
        Signature(document).AppendChild(extra);
        document = Reload(document);

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.ObjectNotAllowed);
    }

    [Theory]
    [InlineData("<x:Note xmlns:x=\"urn:other\">hidden</x:Note>")]
    [InlineData("<ds:SigningTime xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">2025-01-31</ds:SigningTime>")]
    [InlineData("hidden text")]
    [InlineData("<?note hidden?>")]
    public void Other_content_inside_the_signature_is_malformed(string content)
    {
        var document = Load(Text(SignedTax(fixture.Valid.Certificate)).Replace("</SignatureValue>", "</SignatureValue>" + content));

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.Malformed);
    }

    [Fact]
    public void Signature_children_out_of_order_are_malformed()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var signature = Signature(document);
        signature.PrependChild(Ds(signature, "KeyInfo"));

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.Malformed);
    }

    [Fact]
    public void Signature_without_signature_value_is_malformed()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var value = Ds(Signature(document), "SignatureValue");
        value.ParentNode!.RemoveChild(value);

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.Malformed);
    }

    [Fact]
    public void Whitespace_and_comments_between_the_signature_children_are_accepted()
    {
        var document = Load(Text(SignedTax(fixture.Valid.Certificate))
            .Replace("</SignedInfo>", "</SignedInfo>\r\n    <!-- ký bởi HTKK -->\r\n    "));

        var result = Verify(document, fixture.Options);

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Elements_outside_the_document_are_a_programming_error()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var stranger = Load(UnsignedTaxXml());
        var verifier = new SignatureVerifier(fixture.Options);

        Assert.Throws<ArgumentException>(() =>
            verifier.Verify(document, SignedPart(stranger), SignatureBlock(document), Mst, DateTimeOffset.UtcNow));
    }
}
