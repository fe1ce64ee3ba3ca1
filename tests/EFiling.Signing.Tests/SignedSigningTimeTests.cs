using System.Xml;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>
/// The tax authority's reply profile (issue 14, item 5): a ds:Object stating the signing time, covered by a second
/// Reference. Accepted only with <see cref="SignatureVerifierOptions.AcceptSignedSigningTime"/> and only in exactly
/// that shape: each test below is a door the relaxation could have opened, shown shut.
/// </summary>
[Collection(PkiCollection.Name)]
public sealed class SignedSigningTimeTests(PkiFixture fixture)
{
    private static readonly XmlSignerOptions Profile = new()
    {
        ReferenceTransforms = ReferenceTransforms.None, IncludeSubjectName = true, SignatureId = "S1",
        SignedSigningTime = new DateTimeOffset(2026, 3, 13, 10, 20, 17, TimeSpan.FromHours(7)),
    };

    private SignatureVerifierOptions Accepting => fixture.Options with { AcceptSignedSigningTime = true };

    private XmlDocument Signed() => SignedTax(fixture.Valid.Certificate, Profile);

    private static XmlElement Object(XmlDocument document) => Ds(Signature(document), "Object");

    [Fact]
    public void A_signed_signing_time_verifies_where_it_is_expected_and_stays_refused_on_declarations()
    {
        var document = Signed();
        Assert.Equal("2026-03-13T10:20:17+07:00", document.GetElementsByTagName("SigningTime", DsigNs)[0]!.InnerText);

        var result = Verify(document, Accepting);
        Assert.True(result.IsValid, result.ToString());

        // A declaration's verifier keeps the one-Reference, no-Object rule.
        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.ObjectNotAllowed, SignatureCodes.ReferenceCount);
    }

    [Fact]
    public void Changing_the_signing_time_breaks_the_signature()
    {
        var document = Signed();
        document.GetElementsByTagName("SigningTime", DsigNs)[0]!.InnerText = "2020-01-01T00:00:00+07:00";

        AssertRejectedWith(Verify(document, Accepting), SignatureCodes.Invalid);
    }

    [Fact]
    public void A_copy_of_the_signed_part_hidden_in_the_Object_is_refused()
    {
        var document = Signed();
        var property = Ds(Ds(Object(document), "SignatureProperties"), "SignatureProperty");
        property.AppendChild(SignedPart(document).CloneNode(deep: true));

        var result = Verify(Reload(document), Accepting);
        Assert.False(result.IsValid);
        Assert.Contains(result.Findings, f => f.Code == SignatureCodes.ObjectNotAllowed);
    }

    [Theory]
    [InlineData("extra element beside SigningTime")]
    [InlineData("SigningTime not a date")]
    [InlineData("MimeType on the Object")]
    [InlineData("second SignatureProperty")]
    [InlineData("text in SignatureProperties")]
    public void Anything_but_the_pinned_shape_in_the_Object_is_refused(string change)
    {
        var document = Signed();
        var dsObject = Object(document);
        var properties = Ds(dsObject, "SignatureProperties");
        var property = Ds(properties, "SignatureProperty");
        switch (change)
        {
            case "extra element beside SigningTime": property.AppendChild(document.CreateElement("Note", DsigNs)); break;
            case "SigningTime not a date": Ds(property, "SigningTime").InnerText = "yesterday"; break;
            case "MimeType on the Object": dsObject.SetAttribute("MimeType", "text/xml"); break;
            case "second SignatureProperty": properties.AppendChild(property.CloneNode(deep: true)); break;
            case "text in SignatureProperties": properties.AppendChild(document.CreateTextNode("unsigned words")); break;
        }

        // Refused, the Object no longer accounts for the second Reference either.
        AssertRejectedWith(Verify(Reload(document), Accepting), SignatureCodes.ObjectNotAllowed, SignatureCodes.ReferenceCount);
    }

    [Fact]
    public void A_second_Object_or_one_before_KeyInfo_is_refused()
    {
        var twice = Signed();
        Signature(twice).AppendChild(Object(twice).CloneNode(deep: true));
        Assert.Contains(Verify(Reload(twice), Accepting).Findings, f => f.Code == SignatureCodes.ObjectNotAllowed);

        var early = Signed();
        var signature = Signature(early);
        signature.InsertBefore(Object(early), Ds(signature, "KeyInfo"));
        Assert.Contains(Verify(Reload(early), Accepting).Findings, f => f.Code == SignatureCodes.ObjectNotAllowed);
    }

    [Fact]
    public void The_second_Reference_must_name_the_Object_and_nothing_else()
    {
        var document = Signed();
        var references = Ds(Signature(document), "SignedInfo").GetElementsByTagName("Reference", DsigNs).OfType<XmlElement>().ToList();
        references[1].SetAttribute("URI", "#ID_1");

        AssertRejectedWith(Verify(Reload(document), Accepting), SignatureCodes.ReferenceTarget);
    }

    [Fact]
    public void A_third_Reference_is_refused()
    {
        var document = Signed();
        var signedInfo = Ds(Signature(document), "SignedInfo");
        var references = signedInfo.GetElementsByTagName("Reference", DsigNs).OfType<XmlElement>().ToList();
        signedInfo.AppendChild(references[1].CloneNode(deep: true));

        AssertRejectedWith(Verify(Reload(document), Accepting), SignatureCodes.ReferenceCount);
    }

    [Fact]
    public void The_Objects_id_held_by_another_element_too_is_refused()
    {
        var document = Signed();
        SignatureBlock(document).SetAttribute("Id", Object(document).GetAttribute("Id"));

        AssertRejectedWith(Verify(Reload(document), Accepting), SignatureCodes.DuplicateId);
    }
}
