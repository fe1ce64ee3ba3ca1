using System.Text;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Parsing;
using EFiling.Declarations.Rules;

namespace EFiling.Declarations.Tests;

/// <summary>
/// The project's own 01/GTGT schema (used when no official pack is configured) takes values as HTKK 5.x and the eTax
/// portal write them — ct21 true/false, ngayLapTKhai dd/MM/yyyy, the PL_NQ142_GTGT annex with its numbered rows, no
/// GiaHan — and still refuses what neither writes. The documents are the shipped example, edited.
/// </summary>
public class RealShapeTests
{
    private static readonly FormCatalogue Catalogue = FormCatalogue.Load();
    private static readonly DeclarationParser Parser = new(Catalogue);

    private static string Example => File.ReadAllText(Path.Combine(Catalogue.SchemasFolder, "tax/examples/01-GTGT.valid.xml"));

    private const string Nq142 = """
        <PL_NQ142_GTGT>
          <HH_DV_MuaVaoTrongKy>
            <BangKeTenHHDV ID="ID_1"><tenHHDVMuaVao>Xi măng</tenHHDVMuaVao><giaTriHHDVMuaVao>1000000</giaTriHHDVMuaVao><thueGTGTHHDV>80000</thueGTGTHHDV></BangKeTenHHDV>
            <BangKeTenHHDV ID="ID_2"><tenHHDVMuaVao>Thép</tenHHDVMuaVao><giaTriHHDVMuaVao>2000000</giaTriHHDVMuaVao><thueGTGTHHDV>160000</thueGTGTHHDV></BangKeTenHHDV>
            <tongCongGiaTriHHDVMuaVao>3000000</tongCongGiaTriHHDVMuaVao><tongCongThueGTGTHHDV>240000</tongCongThueGTGTHHDV>
          </HH_DV_MuaVaoTrongKy>
          <HH_DV_BanRaTrongKy>
            <BangKeTenHHDV ID="ID_1"><tenHHDV>Vận tải</tenHHDV><giaTriHHDV>5000000</giaTriHHDV><thueSuatTheoQuyDinh>10</thueSuatTheoQuyDinh><thueSuatSauGiam>8</thueSuatSauGiam><thueGTGTDuocGiam>100000</thueGTGTDuocGiam></BangKeTenHHDV>
            <tongCongGiaTriHHDV>5000000</tongCongGiaTriHHDV><tongCongThueGTGTDuocGiam>100000</tongCongThueGTGTDuocGiam>
          </HH_DV_BanRaTrongKy>
          <ChenhLech><ct9>-140000</ct9></ChenhLech>
        </PL_NQ142_GTGT>
        """;

    private static ParsedDeclaration Parse(string xml) => Parser.Parse(Encoding.UTF8.GetBytes(xml));

    [Theory]
    [InlineData("<ct21>true</ct21>")]
    [InlineData("<ct21>false</ct21>")]
    [InlineData("<ct21>1</ct21>")]
    public void Ct21_is_read_as_HTKK_and_the_eTax_portal_write_it(string ct21)
    {
        var parsed = Parse(Example.Replace("<ct21>0</ct21>", ct21, StringComparison.Ordinal));

        Assert.True(parsed.Outcome == ParseOutcome.Parsed, string.Join("; ", parsed.Findings));
        // The rules read it as the flag it is (1 or 0), not as a number the text would have to be.
        Assert.DoesNotContain(new RuleBook(Catalogue).For(parsed.Form!)!.Evaluate(parsed.SignedPart!), f => f.Code == RuleSet.ValueNotNumber);
    }

    // Ngay is a union tried member by member: dd/MM/yyyy (what HTKK writes in every appendix row) comes first only
    // because a member that fails costs .NET a built exception, about 2 ms on a 1,000-row appendix; which dates are
    // valid does not depend on the order.
    [Theory]
    [InlineData("08/07/2025", true)]
    [InlineData("2025-07-08", true)]
    [InlineData("31/12/2025", true)]
    [InlineData("2025-02-30", false)]
    [InlineData("32/07/2025", false)]
    [InlineData("08/13/2025", false)]
    [InlineData("08-07-2025", false)]
    [InlineData("2025/07/08", false)]
    [InlineData("", false)]
    public void An_invoice_date_is_taken_day_first_or_ISO_and_nothing_else(string date, bool valid)
    {
        var parsed = Parse(Example.Replace("<ngayHDon>08/07/2025</ngayHDon>", $"<ngayHDon>{date}</ngayHDon>", StringComparison.Ordinal));

        if (valid)
            Assert.True(parsed.Outcome == ParseOutcome.Parsed, string.Join("; ", parsed.Findings));
        else
            Assert.Contains(parsed.Findings, f => f.Code == Codes.SchemaInvalidValue && f.Path!.EndsWith("/ngayHDon", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<ct21>yes</ct21>")]
    [InlineData("<ct21>2</ct21>")]
    [InlineData("<ct21>TRUE</ct21>")]
    public void Other_spellings_of_ct21_stay_refused(string ct21)
    {
        var parsed = Parse(Example.Replace("<ct21>0</ct21>", ct21, StringComparison.Ordinal));

        Assert.Contains(parsed.Findings, f => f.Code == Codes.SchemaInvalidValue && f.Path!.EndsWith("/ct21", StringComparison.Ordinal));
    }

    [Fact]
    public void The_eTax_portal_shape_parses_date_day_first_no_GiaHan_and_the_NQ142_annex()
    {
        var xml = Example
            .Replace("<ngayLapTKhai>2025-10-20</ngayLapTKhai>", "<ngayLapTKhai>20/10/2025</ngayLapTKhai>", StringComparison.Ordinal)
            .Replace("</PLuc>", Nq142 + "</PLuc>", StringComparison.Ordinal);
        xml = System.Text.RegularExpressions.Regex.Replace(xml, "<GiaHan>.*?</GiaHan>", "", System.Text.RegularExpressions.RegexOptions.Singleline);

        var parsed = Parse(xml);

        Assert.True(parsed.Outcome == ParseOutcome.Parsed, string.Join("; ", parsed.Findings));
        Assert.DoesNotContain("<GiaHan>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_NQ142_annex_is_typed_not_open()
    {
        var xml = Example.Replace("</PLuc>", Nq142.Replace("<ct9>-140000</ct9>", "<ct9>mười nghìn</ct9>", StringComparison.Ordinal) + "</PLuc>", StringComparison.Ordinal);

        Assert.Contains(Parse(xml).Findings, f => f.Code == Codes.SchemaInvalidValue && f.Path!.EndsWith("/ct9", StringComparison.Ordinal));
        var unknown = Example.Replace("</PLuc>", Nq142.Replace("<ChenhLech>", "<Khac/><ChenhLech>", StringComparison.Ordinal) + "</PLuc>", StringComparison.Ordinal);
        Assert.Contains(Parse(unknown).Findings, f => f.Code == Codes.SchemaUnexpectedElement);
    }
}
