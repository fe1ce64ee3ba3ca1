using System.Xml;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>
/// The signed part's id as real tools write it (<c>ID_1</c>, <c>_NODE_TO_SIGN</c>, …) and annex rows that carry ids of
/// their own, even the signed part's: HTKK numbers rows <c>ID_1</c>, <c>ID_2</c>, … in an <c>id</c> or <c>ID</c>
/// attribute. Those rows are inside the signed part, so the digest covers them. Any other element holding the
/// signed id is the wrapping shape and stays refused. The documents are our own, shaped like the real ones.
/// </summary>
[Collection(PkiCollection.Name)]
public sealed class SignedIdTests(PkiFixture fixture)
{
    /// <summary>Annex rows like an 01/GTGT PL_NQ142_GTGT and a BC26/AC invoice list, numbered from ID_1 in each list.</summary>
    private const string AnnexWithRowIds =
        "<PLuc><PL_NQ142_GTGT>"
        + "<HH_DV_MuaVaoTrongKy><BangKeTenHHDV ID=\"ID_1\"><tenHHDV>Văn phòng phẩm</tenHHDV></BangKeTenHHDV>"
        + "<BangKeTenHHDV ID=\"ID_2\"><tenHHDV>Dịch vụ vận chuyển</tenHHDV></BangKeTenHHDV></HH_DV_MuaVaoTrongKy>"
        + "<HH_DV_BanRaTrongKy><BangKeTenHHDV ID=\"ID_1\"><tenHHDV>Phần mềm kế toán</tenHHDV></BangKeTenHHDV></HH_DV_BanRaTrongKy>"
        + "</PL_NQ142_GTGT>"
        + "<HoaDon><ChiTiet id=\"ID_1\"><kyHieu>AA/24E</kyHieu></ChiTiet><ChiTiet id=\"ID_2\"><kyHieu>AB/24E</kyHieu></ChiTiet></HoaDon>"
        + "</PLuc>";

    private static XmlDocument Unsigned(string signedId, string annex = "<PLuc/>") =>
        Load(UnsignedTaxXml().Replace("<HSoKhaiThue id=\"ID_1\">", $"<HSoKhaiThue id=\"{signedId}\">").Replace("<PLuc/>", annex));

    private XmlDocument Signed(string signedId, string annex = "<PLuc/>")
    {
        var document = Unsigned(signedId, annex);
        new XmlSigner(fixture.Valid.Certificate).Sign(document, SignedPart(document), SignatureBlock(document));
        return Reload(document);
    }

    [Theory]
    [InlineData("ID_1")]
    [InlineData("_NODE_TO_SIGN")]
    [InlineData("HSKT-2024-0001")]
    public void Any_signed_part_id_is_accepted(string signedId)
    {
        var document = Signed(signedId);

        Assert.Contains($"URI=\"#{signedId}\"", Text(document));
        var result = Verify(document, fixture.Options);
        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [InlineData("ID_1")]
    [InlineData("_NODE_TO_SIGN")]
    public void Annex_rows_with_ids_of_their_own_even_repeated_and_equal_to_the_signed_id_are_accepted(string signedId)
    {
        var document = Signed(signedId, AnnexWithRowIds);

        var result = Verify(document, fixture.Options);

        Assert.True(result.IsValid, result.ToString());
        Assert.Empty(result.Findings);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("ID")]
    public void Attack_annex_id_equal_to_the_signed_id_outside_the_signed_part_is_refused(string attributeName)
    {
        // A row-like element next to the signed part, or in the signature block, naming the signed id: another
        // verifier could take it for the target. Not signed content, so refused.
        foreach (var place in new[] { "root", "block" })
        {
            var document = Signed("ID_1", AnnexWithRowIds);
            var extra = document.CreateElement("BangKeTenHHDV", TaxNs);
            extra.SetAttribute(attributeName, "ID_1");
            if (place == "root")
            {
                document.DocumentElement!.InsertBefore(extra, SignatureBlock(document));
            }
            else
            {
                SignatureBlock(document).PrependChild(extra);
            }

            AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.DuplicateId);
        }
    }

    [Fact]
    public void Attack_annex_row_with_the_signed_id_added_after_signing_is_refused()
    {
        var document = Signed("ID_1", AnnexWithRowIds);
        var row = document.CreateElement("BangKeTenHHDV", TaxNs);
        row.SetAttribute("ID", "ID_1");
        document.GetElementsByTagName("HH_DV_BanRaTrongKy", TaxNs)[0]!.AppendChild(row);

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.Invalid);
    }

    [Fact]
    public void Attack_original_signed_part_nested_inside_a_forged_one_with_the_same_id_is_refused()
    {
        // Wrapping inside the part read: the forged HSoKhaiThue carries the signed original (same name, same id)
        // among its annexes, where a verifier taking the last match would find it.
        var document = Signed("ID_1", AnnexWithRowIds);
        var original = SignedPart(document);
        var forged = (XmlElement)original.CloneNode(deep: true);
        forged.GetElementsByTagName("ct40", TaxNs)[0]!.InnerText = "0";
        document.DocumentElement!.ReplaceChild(forged, original);
        forged.GetElementsByTagName("PLuc", TaxNs)[0]!.AppendChild(original);

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.DuplicateId);
    }

    [Fact]
    public void Attack_reference_naming_an_annex_row_id_is_refused()
    {
        // A genuine signature over one annex row (id ID_2, unique) says nothing about the declaration.
        var document = Unsigned("ID_1", AnnexWithRowIds);
        var row = (XmlElement)document.GetElementsByTagName("ChiTiet", TaxNs)[1]!;
        new XmlSigner(fixture.Valid.Certificate).Sign(document, row, SignatureBlock(document));
        document = Reload(document);

        Assert.Contains("URI=\"#ID_2\"", Text(document));
        AssertRejectedWith(Verify(document, fixture.Options), SignatureCodes.ReferenceTarget);
    }

    [Fact]
    public void Attack_reference_naming_an_id_nothing_carries_is_refused()
    {
        var document = Signed("ID_1");
        Ds(Signature(document), "Reference").SetAttribute("URI", "#ID_9");

        AssertRejectedWith(Verify(Reload(document), fixture.Options), SignatureCodes.ReferenceTarget);
    }
}
