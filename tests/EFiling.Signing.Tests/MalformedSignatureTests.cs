using EFiling.Declarations.Findings;
using System.Xml;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>
/// Values SignedXml or the X509 classes parse while loading a signature (base64, integers) that are not what they
/// must be. SignedXml.LoadXml threw FormatException for the base64 ones, out of the verifier (issue 11, item 5): each
/// must be a finding instead, naming the element where the structure check can.
/// </summary>
[Collection(PkiCollection.Name)]
public sealed class MalformedSignatureTests(PkiFixture fixture)
{
    private const string NotBase64 = "not*base64!";

    /// <summary>KeyInfo with ds:KeyValue and ds:X509Data, as HTKK writes it, so Modulus and Exponent exist.</summary>
    private static readonly XmlSignerOptions HtkkStyle = new() { IncludeKeyValue = true };

    public static TheoryData<string, string> Edits => new()
    {
        { "SignatureValue", SignatureCodes.Malformed },
        { "DigestValue", SignatureCodes.Malformed },
        { "X509SKI", SignatureCodes.Malformed },
        { "X509CRL", SignatureCodes.Malformed },
        { "X509SerialNumber", SignatureCodes.Malformed },
        { "HMACOutputLength", SignatureCodes.Malformed },
        { "Modulus", SignatureCodes.KeyValueMismatch },
        { "Exponent", SignatureCodes.KeyValueMismatch },
        { "X509Certificate", SignatureCodes.NoCertificate },
        // Valid base64 and DER whose validity date does not parse: OpenSSL reads it only when asked (found by the fuzz
        // test, one flipped byte; it threw CryptographicException out of the chain check).
        { "CertificateValidity", SignatureCodes.NoCertificate },
        // Content an allowed transform does not take changes SignedInfo, so the signature no longer matches; no exception.
        { "TransformContent", SignatureCodes.Invalid },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void A_value_that_does_not_parse_is_a_finding_not_an_exception(string edit, string expectedCode)
    {
        var document = Broken(SignedTax(fixture.Valid.Certificate, HtkkStyle), edit);

        AssertRejectedWith(Verify(document, fixture.Options), expectedCode);
    }

    [Theory]
    [MemberData(nameof(Edits))]
    public void The_same_with_an_untrusted_key_still_ends_in_findings(string edit, string expectedCode)
    {
        // The encoded values are checked before trust is known; an untrusted certificate then stops the check before
        // SignedXml computes anything (SIG_NOT_CHECKED), so what only SignedXml would find is not reached.
        var document = Broken(SignedTax(fixture.Rogue.Taxpayer(Mst).Certificate, HtkkStyle), edit);

        var result = Verify(document, fixture.Options);

        Assert.False(result.IsValid);
        if (expectedCode == SignatureCodes.Invalid)
            Assert.Contains(result.Findings, f => f.Code == SignatureCodes.NotChecked);
        else
            Assert.Contains(result.Findings, f => f.Code == expectedCode && f.Severity == Severity.Reject);
    }

    /// <summary>Makes one value unparsable; elements the signer does not write are added where XMLDSig puts them.</summary>
    private static XmlDocument Broken(XmlDocument document, string edit)
    {
        var signature = Signature(document);
        var x509Data = Ds(signature, "X509Data");
        switch (edit)
        {
            case "SignatureValue" or "DigestValue" or "Modulus" or "Exponent" or "X509Certificate":
                Ds(signature, edit).InnerText = NotBase64;
                break;
            case "CertificateValidity":
                var certificate = Ds(signature, "X509Certificate");
                var der = Convert.FromBase64String(certificate.InnerText);
                var utcTime = der.AsSpan().IndexOf(new byte[] { 0x17, 0x0D }); // the first UTCTime: notBefore
                Assert.True(utcTime > 0, "the test certificate has a UTCTime");
                der[utcTime + 2 + 2] = (byte)'9'; // month "9x": no such month
                der[utcTime + 2 + 3] = (byte)'9';
                certificate.InnerText = Convert.ToBase64String(der);
                break;
            case "X509SKI" or "X509CRL":
                x509Data.AppendChild(DsElement(document, edit, NotBase64));
                break;
            case "X509SerialNumber":
                var issuerSerial = DsElement(document, "X509IssuerSerial", null);
                issuerSerial.AppendChild(DsElement(document, "X509IssuerName", "CN=Somebody"));
                issuerSerial.AppendChild(DsElement(document, "X509SerialNumber", "twelve"));
                x509Data.AppendChild(issuerSerial);
                break;
            case "HMACOutputLength":
                Ds(signature, "SignatureMethod").AppendChild(DsElement(document, edit, "many"));
                break;
            case "TransformContent":
                // An allowed transform with content none of them takes: an XPath expression under the C14N transform.
                var transform = (XmlElement)Ds(signature, "Transforms").LastChild!;
                transform.AppendChild(DsElement(document, "XPath", "ancestor-or-self::*"));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(edit), edit, null);
        }

        return Reload(document);
    }

    private static XmlElement DsElement(XmlDocument document, string localName, string? text)
    {
        var element = document.CreateElement("ds", localName, DsigNs);
        if (text is not null)
        {
            element.InnerText = text;
        }

        return element;
    }
}
