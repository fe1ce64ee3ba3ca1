using System.Diagnostics;
using System.Security.Cryptography.Xml;
using System.Xml;
using EFiling.Declarations.Parsing;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>Attacks on what the signature covers: wrapping, duplicate ids, external and XPointer URIs,
/// dangerous transforms. Each must be refused with its own code, before SignedXml evaluates anything.</summary>
[Collection(PkiCollection.Name)]
public sealed class ReferenceAttackTests(PkiFixture fixture)
{
    [Fact]
    public void Wrapping_signed_part_moved_into_ds_object_and_forged_part_read_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var original = SignedPart(document);
        var forged = (XmlElement)original.CloneNode(deep: true);
        forged.RemoveAttribute("id");
        forged.GetElementsByTagName("ct40", TaxNs)[0]!.InnerText = "0";
        var wrapper = document.CreateElement("Object", DsigNs);
        Signature(document).AppendChild(wrapper);
        document.DocumentElement!.ReplaceChild(forged, original);
        wrapper.AppendChild(original);
        document = Reload(document);

        // The attack is real: plain SignedXml finds the moved original by its id and is satisfied.
        var naive = new SignedXml(document);
        naive.LoadXml(Signature(document));
        Assert.True(naive.CheckSignature(fixture.Valid.Certificate, verifySignatureOnly: true));

        var result = Verify(document, fixture.Options);

        // Both halves of the attack are named: the reference misses the part read, and the ds:Object hiding the original.
        AssertRejectedWith(result, SignatureCodes.ReferenceTarget, SignatureCodes.ObjectNotAllowed);
        Assert.Equal("0", SignedPart(document).GetElementsByTagName("ct40", TaxNs)[0]!.InnerText);
    }

    [Fact]
    public void Wrapping_with_forged_part_carrying_the_same_id_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var original = SignedPart(document);
        var forged = (XmlElement)original.CloneNode(deep: true);
        forged.GetElementsByTagName("ct40", TaxNs)[0]!.InnerText = "0";
        var wrapper = document.CreateElement("LuuTru", TaxNs);
        document.DocumentElement!.ReplaceChild(forged, original);
        document.DocumentElement.AppendChild(wrapper);
        wrapper.AppendChild(original);
        document = Reload(document);

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.DuplicateId);
    }

    [Fact]
    public void Signature_made_for_another_element_is_refused()
    {
        // The reference points at an element the caller does not read (here: a second id'd element).
        var document = Load(UnsignedTaxXml().Replace("<PLuc/>", "<PLuc id=\"PL_1\"/>"));
        var appendix = (XmlElement)document.GetElementsByTagName("PLuc", TaxNs)[0]!;
        new XmlSigner(fixture.Valid.Certificate).Sign(document, appendix, SignatureBlock(document));
        document = Reload(document);

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.ReferenceTarget);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("Id")]
    [InlineData("ID")]
    public void Duplicate_id_anywhere_in_the_document_is_refused(string attributeName)
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var extra = document.CreateElement("GhiChu", TaxNs);
        extra.SetAttribute(attributeName, "ID_1");
        document.DocumentElement!.InsertBefore(extra, SignatureBlock(document));
        document = Reload(document);

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.DuplicateId);
    }

    [Fact]
    public void Dtd_declared_id_on_another_element_is_refused()
    {
        // A DTD can make any attribute an ID; SignedXml's own lookup would prefer it over id="…".
        var signed = Text(SignedTax(fixture.Valid.Certificate))
            .Replace("<HSoThueDTu ", "<!DOCTYPE HSoThueDTu [<!ELEMENT GhiChu EMPTY><!ATTLIST GhiChu ma ID #IMPLIED>]>\r\n<HSoThueDTu ")
            .Replace("  <CKyDTu>", "  <GhiChu ma=\"ID_1\"/>\r\n  <CKyDTu>");
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using (var reader = XmlReader.Create(new StringReader(signed), new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse }))
        {
            document.Load(reader);
        }

        Assert.Equal("GhiChu", document.GetElementById("ID_1")!.LocalName);
        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.ReferenceTarget);
        Assert.Throws<XmlException>(() => SecureXml.LoadXml(signed)); // and SecureXml refuses DTDs outright
    }

    [Fact]
    public void Xslt_transform_is_refused_before_evaluation()
    {
        using var tripwire = new Tripwire();
        var document = SignedTax(fixture.Valid.Certificate);
        AddTransform(
            document,
            "http://www.w3.org/TR/1999/REC-xslt-19991116",
            "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">" +
            $"<xsl:template match=\"/\"><xsl:copy-of select=\"document('{tripwire.Url}')\"/></xsl:template></xsl:stylesheet>");

        var result = Verify(document, fixture.Options);

        AssertRejectedWith(result, SignatureCodes.TransformNotAllowed);
        Assert.False(tripwire.WasContacted, "the XSLT was evaluated");
    }

    [Fact]
    public void Xpath_transform_is_refused_before_evaluation()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        AddTransform(
            document,
            "http://www.w3.org/TR/1999/REC-xpath-19991116",
            "<XPath xmlns:t=\"" + TaxNs + "\">not(ancestor-or-self::t:ct40)</XPath>");

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.TransformNotAllowed);
    }

    [Theory]
    [InlineData("http://www.w3.org/2000/09/xmldsig#base64")]
    [InlineData("http://www.w3.org/2002/06/xmldsig-filter2")]
    [InlineData("http://www.w3.org/2002/07/decrypt#XML")]
    [InlineData("http://www.w3.org/2006/12/xml-c14n11")]
    public void Other_transforms_are_refused(string algorithm)
    {
        var document = SignedTax(fixture.Valid.Certificate);
        AddTransform(document, algorithm, "");

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.TransformNotAllowed);
    }

    [Fact]
    public void Xslt_as_canonicalization_method_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        Ds(Signature(document), "CanonicalizationMethod").SetAttribute("Algorithm", "http://www.w3.org/TR/1999/REC-xslt-19991116");

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.TransformNotAllowed);
    }

    [Fact]
    public void External_http_reference_is_refused_and_not_fetched()
    {
        using var tripwire = new Tripwire();
        var document = SignedTax(fixture.Valid.Certificate);
        Ds(Signature(document), "Reference").SetAttribute("URI", tripwire.Url);

        var result = Verify(document, fixture.Options);

        AssertRejectedWith(result, SignatureCodes.ReferenceExternal);
        Assert.False(tripwire.WasContacted, "the external reference was fetched");
    }

    [Fact]
    public void External_file_reference_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        Ds(Signature(document), "Reference").SetAttribute("URI", "file:///etc/passwd");

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.ReferenceExternal);
    }

    [Fact]
    public async Task External_file_reference_is_not_opened()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // named pipes in the file system are a Unix feature; the test above still covers the code
        }

        // Opening a FIFO for reading blocks until a writer comes, so a verifier that tried to read the
        // file would never return: finishing at all proves it was not opened.
        var fifo = Path.Combine(fixture.ScratchFolder(), "passwd");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var document = SignedTax(fixture.Valid.Certificate);
        Ds(Signature(document), "Reference").SetAttribute("URI", new Uri(fifo).AbsoluteUri);

        var verification = Task.Run(() => Verify(document, fixture.Options));
        var finished = await Task.WhenAny(verification, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.True(finished == verification, "the verifier opened the referenced file");
        AssertRejectedWith(await verification, SignatureCodes.ReferenceExternal);
    }

    [Theory]
    [InlineData("#xpointer(/)")]
    [InlineData("#xpointer(id('ID_1'))")]
    [InlineData("#")]
    [InlineData("#ID_2")]
    public void Reference_that_is_not_the_signed_part_id_is_refused(string uri)
    {
        var document = SignedTax(fixture.Valid.Certificate);
        Ds(Signature(document), "Reference").SetAttribute("URI", uri);

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.ReferenceTarget);
    }

    [Fact]
    public void Reference_without_uri_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        Ds(Signature(document), "Reference").RemoveAttribute("URI");

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.ReferenceTarget);
    }

    [Fact]
    public void Second_reference_is_refused()
    {
        var document = SignedTax(fixture.Valid.Certificate);
        var reference = Ds(Signature(document), "Reference");
        reference.ParentNode!.AppendChild(reference.CloneNode(deep: true));

        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.ReferenceCount);
    }

    private static void AddTransform(XmlDocument document, string algorithm, string innerXml)
    {
        var transforms = Ds(Signature(document), "Transforms");
        var transform = document.CreateElement("Transform", DsigNs);
        transform.SetAttribute("Algorithm", algorithm);
        transform.InnerXml = innerXml;
        transforms.AppendChild(transform);
    }
}
