using System.Xml;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>
/// The one ds:Object accepted (issue 16): the unsigned signing time that the signing tool of public I-VAN client code
/// appends after KeyInfo, with the Reference on the whole document. Pinned to that shape; every other Object, and that
/// one with an id reference, stays refused.
/// </summary>
[Collection(PkiCollection.Name)]
public sealed class SigningTimeObjectTests(PkiFixture fixture)
{
    private static XmlSignerOptions WholeDocument(bool signingTime = true) => new()
    {
        Reference = ReferenceTarget.WholeDocument,
        ReferenceTransforms = ReferenceTransforms.EnvelopedOnly,
        IncludeKeyValue = true,
        UnsignedSigningTime = signingTime ? new DateTimeOffset(2025, 12, 10, 3, 0, 0, TimeSpan.Zero) : null,
    };

    private XmlDocument Signed(bool signingTime = true) => SignedTax(fixture.Valid.Certificate, WholeDocument(signingTime));

    private static XmlElement SigningTimeObject(XmlDocument document) =>
        Signature(document).ChildNodes.OfType<XmlElement>().Single(e => e.LocalName == "Object");

    [Fact]
    public void The_signing_time_object_after_key_info_is_accepted_with_a_whole_document_reference()
    {
        var document = Signed();
        Assert.Equal("KeyInfo", SigningTimeObject(document).PreviousSibling!.LocalName);

        var result = Verify(document, fixture.Options);

        Assert.True(result.IsValid, result.ToString());
        // The check took the Object out only while SignedXml looked: the document is as it was.
        Assert.Equal("Object", Signature(document).LastChild!.LocalName);
    }

    [Fact]
    public void Written_outside_the_xmldsig_namespace_as_the_dossier_envelope_of_the_public_sample_is_accepted()
    {
        var document = Signed();
        var old = SigningTimeObject(document);
        var obj = document.CreateElement("Object", "");
        obj.SetAttribute("Id", "proid");
        var property = (XmlElement)old.SelectSingleNode("*/*")!.CloneNode(deep: true);
        obj.AppendChild(property);
        old.ParentNode!.ReplaceChild(obj, old);
        document = Reload(document);

        Assert.True(Verify(document, fixture.Options).IsValid);
    }

    [Fact]
    public void The_signing_time_is_unsigned_and_changing_it_changes_nothing_the_service_reads()
    {
        // Nothing reads it: the time that counts is the receipt time. So a changed one verifies, and must stay unread.
        var document = Signed();
        SigningTimeObject(document).SelectSingleNode(".//*[local-name()='SigningTime']")!.InnerText = "1999-01-01T00:00:00Z";

        Assert.True(Verify(Reload(document), fixture.Options).IsValid);
    }

    [Fact]
    public void With_an_id_reference_the_same_object_is_refused()
    {
        // #ID_1 is how HTKK signs; an Object beside it is where wrapping attacks hide the original.
        var document = SignedTax(fixture.Valid.Certificate, new XmlSignerOptions { IncludeKeyValue = true });
        var donor = Signed();
        Signature(document).AppendChild(document.ImportNode(SigningTimeObject(donor), deep: true));

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.ObjectNotAllowed);
    }

    [Fact]
    public void An_object_hiding_a_copy_of_the_signed_content_is_refused()
    {
        var document = Signed();
        var obj = SigningTimeObject(document);
        obj.AppendChild(SignedPart(document).CloneNode(deep: true));

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.ObjectNotAllowed);
    }

    [Theory]
    [InlineData("SignatureProperty", "<SignatureProperty Target=\"#sig\"><SigningTime>2025-12-10T03:00:00Z</SigningTime></SignatureProperty>")]
    [InlineData("SigningTime", "<Role>ketoan</Role>")]
    [InlineData("SignatureProperties", "hidden")]
    public void Anything_beside_the_property_or_the_time_is_refused(string after, string content)
    {
        // A second property, another element beside the time, text beside the property.
        var document = Signed();
        var target = (XmlElement)SigningTimeObject(document).SelectSingleNode($".//*[local-name()='{after}']")!;
        var fragment = document.CreateDocumentFragment();
        fragment.InnerXml = content;
        target.ParentNode!.InsertAfter(fragment, target);

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.ObjectNotAllowed);
    }

    [Fact]
    public void An_element_inside_the_time_is_refused()
    {
        var document = Signed();
        SigningTimeObject(document).SelectSingleNode(".//*[local-name()='SigningTime']")!.AppendChild(document.CreateElement("x", ""));

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.ObjectNotAllowed);
    }

    [Fact]
    public void A_long_time_value_is_refused()
    {
        var document = Signed();
        SigningTimeObject(document).SelectSingleNode(".//*[local-name()='SigningTime']")!.InnerText = new string('9', 65);

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.ObjectNotAllowed);
    }

    [Fact]
    public void Two_signing_time_objects_are_refused()
    {
        var document = Signed();
        Signature(document).AppendChild(SigningTimeObject(document).CloneNode(deep: true));

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.ObjectNotAllowed);
    }

    [Fact]
    public void The_object_before_key_info_is_refused()
    {
        var document = Signed();
        var obj = SigningTimeObject(document);
        Signature(document).InsertBefore(obj, Ds(Signature(document), "KeyInfo"));

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.ObjectNotAllowed);
    }

    [Fact]
    public void A_no_namespace_element_that_is_not_the_signing_time_is_malformed()
    {
        var document = Signed(signingTime: false);
        var obj = document.CreateElement("Object", "");
        obj.InnerText = "hidden";
        Signature(document).AppendChild(obj);

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.Malformed);
    }

    [Fact]
    public void Tampering_with_the_signed_content_is_still_caught()
    {
        var document = Signed();
        ((XmlElement)document.GetElementsByTagName("ct40", TaxNs)[0]!).InnerText = "1";

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.Invalid);
    }
}
