using EFiling.Declarations.Findings;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>
/// The signing profile of real HTKK and eTax-portal filings, on our own documents and dev PKI: the four
/// canonicalizations, KeyInfo with both KeyValue and X509Data (base64 wrapped), RSA-SHA1 up to a cut-off, and
/// 1024-bit RSA keys. Each door has an attack test that proves it stays shut past the profile.
/// </summary>
[Collection(PkiCollection.Name)]
public sealed class SigningProfileTests(PkiFixture fixture)
{
    /// <summary>HTKK's shape: SignedInfo C14N with comments, only the enveloped-signature transform, KeyValue + X509Data.</summary>
    private static readonly XmlSignerOptions Htkk = new()
    {
        Canonicalization = XmlCanonicalization.InclusiveWithComments,
        ReferenceTransforms = ReferenceTransforms.EnvelopedOnly,
        IncludeKeyValue = true,
    };

    public static TheoryData<XmlCanonicalization, ReferenceTransforms, string> Canonicalizations()
    {
        var data = new TheoryData<XmlCanonicalization, ReferenceTransforms, string>();
        foreach (var (c14n, uri) in new[]
                 {
                     (XmlCanonicalization.Inclusive, SignedXml.XmlDsigC14NTransformUrl),
                     (XmlCanonicalization.InclusiveWithComments, SignedXml.XmlDsigC14NWithCommentsTransformUrl),
                     (XmlCanonicalization.Exclusive, SignedXml.XmlDsigExcC14NTransformUrl),
                     (XmlCanonicalization.ExclusiveWithComments, SignedXml.XmlDsigExcC14NWithCommentsTransformUrl),
                 })
        {
            data.Add(c14n, ReferenceTransforms.EnvelopedOnly, uri);
            data.Add(c14n, ReferenceTransforms.EnvelopedAndCanonicalization, uri);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Canonicalizations))]
    public void Each_canonicalization_with_and_without_comments_verifies_in_SignedInfo_and_as_a_transform(
        XmlCanonicalization canonicalization, ReferenceTransforms transforms, string uri)
    {
        // A comment inside the signed part, as an editor might leave one.
        var document = Load(UnsignedTaxXml().Replace("<PLuc/>", "<!-- ghi chú --><PLuc/>"));
        new XmlSigner(fixture.Valid.Certificate, new XmlSignerOptions { Canonicalization = canonicalization, ReferenceTransforms = transforms })
            .Sign(document, SignedPart(document), SignatureBlock(document));
        document = Reload(document);

        Assert.Equal(uri, Ds(Signature(document), "CanonicalizationMethod").GetAttribute("Algorithm"));
        var transformUris = Signature(document).GetElementsByTagName("Transform", DsigNs).OfType<XmlElement>().Select(t => t.GetAttribute("Algorithm")).ToList();
        Assert.Equal(transforms == ReferenceTransforms.EnvelopedOnly ? [SignedXml.XmlDsigEnvelopedSignatureTransformUrl] : [SignedXml.XmlDsigEnvelopedSignatureTransformUrl, uri], transformUris);

        var result = Verify(document, fixture.Options);

        Assert.True(result.IsValid, result.ToString());
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Attack_unknown_canonicalization_uri_as_a_corrupted_copy_carries_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate, Htkk);
        Ds(Signature(document), "CanonicalizationMethod").SetAttribute("Algorithm", "http://www.w3.org/2001/REC-xml-c14n-20010315#WithComments");

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.TransformNotAllowed);
    }

    [Fact]
    public void Htkk_shape_with_key_value_and_certificate_wrapped_at_76_columns_verifies()
    {
        var document = SignedTax(fixture.Valid.Certificate, Htkk);
        var signature = Signature(document);
        Assert.Single(signature.GetElementsByTagName("RSAKeyValue", DsigNs));
        // Wrap as HTKK does: CRLF (written back as &#xD; by the serialiser) every 76 characters.
        foreach (var name in new[] { "SignatureValue", "Modulus", "X509Certificate" })
        {
            var element = Ds(signature, name);
            element.InnerText = "\r\n" + string.Join("\r\n", element.InnerText.Chunk(76).Select(c => new string(c))) + "\r\n";
        }

        // Both ways real files carry the line breaks: raw CR LF, and &#13; escapes before the LF.
        var raw = Text(document);
        var escaped = System.Text.RegularExpressions.Regex.Replace(
            raw,
            "(<(?:\\w+:)?(?:SignatureValue|Modulus|X509Certificate)>)([^<]*)(</)",
            m => m.Groups[1].Value + m.Groups[2].Value.Replace("\r\n", "&#13;\n") + m.Groups[3].Value);
        Assert.Contains("&#13;", escaped);

        foreach (var xml in new[] { raw, escaped })
        {
            var result = Verify(Load(xml), fixture.Options);

            Assert.True(result.IsValid, result.ToString());
            Assert.Empty(result.Findings);
        }
    }

    [Fact]
    public void Attack_key_value_of_another_key_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate, Htkk);
        using var other = RSA.Create(2048);
        var parameters = other.ExportParameters(false);
        Ds(Signature(document), "Modulus").InnerText = Convert.ToBase64String(parameters.Modulus!);

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.KeyValueMismatch);
    }

    [Fact]
    public void Attack_key_value_with_another_exponent_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate, Htkk);
        Ds(Signature(document), "Exponent").InnerText = "Aw=="; // 3 instead of 65537

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.KeyValueMismatch);
    }

    [Fact]
    public void Attack_key_value_that_is_not_rsa_or_is_repeated_with_another_key_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate, Htkk);
        var keyInfo = Ds(Signature(document), "KeyInfo");
        var keyValue = Ds(keyInfo, "KeyValue");
        using var other = RSA.Create(2048);
        var forged = (XmlElement)keyValue.CloneNode(deep: true);
        Ds(forged, "Modulus").InnerText = Convert.ToBase64String(other.ExportParameters(false).Modulus!);
        keyInfo.InsertAfter(forged, keyValue);
        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.KeyValueMismatch);

        var dsa = SignedTax(fixture.Valid.Certificate, Htkk);
        var dsaKeyValue = Ds(Signature(dsa), "KeyValue");
        dsaKeyValue.RemoveAll();
        var dsaKey = dsa.CreateElement("DSAKeyValue", DsigNs);
        dsaKey.AppendChild(dsa.CreateElement("Y", DsigNs))!.InnerText = "AQAB";
        dsaKeyValue.AppendChild(dsaKey);
        AssertRejectedWith(Verify(Reload(dsa), fixture.Options), SignatureCodes.KeyValueMismatch);
    }

    [Fact]
    public void Sha1_before_the_cut_off_is_accepted_with_a_warning_naming_it()
    {
        var document = SignedTax(fixture.Valid.Certificate, Htkk with { Hash = SignatureHash.Sha1 });
        var now = DateTimeOffset.UtcNow;

        var result = Verify(document, fixture.Options with { Sha1AcceptedUntil = now.AddMinutes(1) }, atTime: now);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(Severity.Warn, Findings.Single(result, SignatureCodes.Sha1Used).Severity);
    }

    [Fact]
    public void Attack_sha1_signature_after_the_cut_off_is_refused_naming_the_cut_off()
    {
        var document = SignedTax(fixture.Valid.Certificate, Htkk with { Hash = SignatureHash.Sha1 });
        // Tomorrow's UTC date at 00:00 Vietnam time is after the certificate's notBefore (a day ago) at any hour; today's
        // is not after 17:00 UTC, when the test used to fail with CERT_NOT_YET_VALID.
        var now = DateTimeOffset.UtcNow.AddDays(1);
        var cutOff = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.FromHours(7));

        foreach (var atTime in new[] { cutOff, now.AddDays(1) })
        {
            var result = Verify(document, fixture.Options with { Sha1AcceptedUntil = cutOff }, atTime: atTime);

            AssertRejectedWith(result, SignatureCodes.AlgorithmNotAllowed);
            Assert.All(result.Findings, f => Assert.Contains(cutOff.ToString("yyyy-MM-dd"), f.Message));
            Assert.False(result.Has(SignatureCodes.Sha1Used));
        }
    }

    [Fact]
    public void Rsa_1024_key_is_accepted_with_a_warning_at_the_default_minimum()
    {
        using var certificate = Issue(1024);
        var document = SignedTax(certificate, Htkk);

        var result = Verify(document, fixture.Options);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(1024, fixture.Options.MinRsaKeyBits);
        Assert.Equal(Severity.Warn, Findings.Single(result, SignatureCodes.CertKeyWeak).Severity);
    }

    [Fact]
    public void Attack_rsa_512_key_is_refused_at_the_default_minimum()
    {
        // 512-bit RSA keys are factorable in hours on rented machines: the signature proves nothing.
        using var certificate = Issue(512);
        var document = SignedTax(certificate, Htkk);

        var result = Verify(document, fixture.Options);

        AssertRejectedWith(result, SignatureCodes.CertKeyTooSmall);
        Assert.Contains("512 bits", result.Findings[0].Message);
    }

    [Fact]
    public void Attack_key_below_the_configured_minimum_is_refused()
    {
        using var certificate = Issue(1024);
        var document = SignedTax(certificate, Htkk);

        var result = Verify(document, fixture.Options with { MinRsaKeyBits = 2048 });

        AssertRejectedWith(result, SignatureCodes.CertKeyTooSmall);
        Assert.Contains("1024", result.Findings[0].Message);
    }

    [Fact]
    public void Rsa_2048_key_draws_no_key_finding()
    {
        var result = Verify(SignedTax(fixture.Valid.Certificate, Htkk), fixture.Options with { MinRsaKeyBits = 2048 });

        Assert.True(result.IsValid, result.ToString());
        Assert.Empty(result.Findings);
    }

    private X509Certificate2 Issue(int keySize) =>
        fixture.Pki.IssueCertificate(
            DevPki.TaxpayerSubject(Mst, "CÔNG TY TNHH ABC"), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), keySize: keySize);
}
