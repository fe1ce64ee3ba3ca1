using System.Text;

namespace EFiling.Statistics.Tests;

/// <summary>The CSV export of GET /api/stats?format=csv: RFC 4180, BOM, and no cell a spreadsheet would run as a formula.</summary>
public sealed class StatsCsvTests
{
    private static StatsAnswer Answer(string name, double? gap = 0.05) =>
        new("2025", "nation", "Việt Nam", "office", [new IndicatorStats("tax-online", new LocalText("Tờ khai", "Declarations"), "1819", "declarations", 0.95,
            new StatsRow("nation", "nation", "VN", "Việt Nam", "2025", 180, 200, 0.9, 0.95, gap),
            [new StatsRow("office", "office", "10100", name, "2025", 1, 3, 1 / 3.0, 0.95, 0.95 - 1 / 3.0)])], 0);

    private static string[] Lines(StatsAnswer answer)
    {
        var bytes = StatsCsv.Write(answer);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("Chi cục Thuế, Quận 1", "\"Chi cục Thuế, Quận 1\"")]
    [InlineData("Cục Thuế TP Hà Nội", "Cục Thuế TP Hà Nội")]
    public void A_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text(string name, string cell)
    {
        var office = Lines(Answer(name))[2];
        Assert.Equal($"tax-online,1819,declarations,office,2025,office,10100,{cell},1,3,0.333333,0.95,0.616667", office);
    }

    [Fact]
    public void Negative_gaps_stay_numbers_and_the_header_comes_first()
    {
        var lines = Lines(Answer("x", gap: -0.05));
        Assert.Equal("indicator,programme,unit,row,period,scope,code,name,numerator,denominator,share,target,gap", lines[0]);
        Assert.Equal("tax-online,1819,declarations,total,2025,nation,VN,Việt Nam,180,200,0.9,0.95,-0.05", lines[1]);
        Assert.Equal("", lines[^1]);
    }
}
