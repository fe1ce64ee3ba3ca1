using System.Text;
using EFiling.Declarations.Catalogue;
using EFiling.Statistics;

namespace EFiling.Statistics.Tests;

/// <summary>The other channels' inputs (CSV, payment notice XML) and the indicator definitions; no storage needed.</summary>
public sealed class InputTests
{
    private static readonly IndicatorCatalogue Indicators = IndicatorCatalogue.Load();
    private static readonly FormCatalogue Forms = FormCatalogue.Load();
    private static readonly ChannelItems Items = new(Indicators, Forms);

    [Fact]
    public void Indicators_are_the_four_targets_of_both_programmes()
    {
        Assert.Equal([("tax-online", 0.95), ("pay-electronic", 0.90), ("si-online", 0.90), ("tax-online-1605", 0.50)],
            Indicators.Indicators.Select(i => (i.Id, i.Target)));
        Assert.Equal("organisations", Indicators.Find("pay-electronic")!.Unit);
        Assert.Equal("101", Indicators.ProvinceOf("KV01"));
        Assert.Equal("701", Indicators.ProvinceOf("70101"));
    }

    [Fact]
    public void Share_and_gap_come_from_the_indicator_unit_and_channels()
    {
        var counts = new NodeCounts(GeoScope.Nation, StatsPeriod.OfYear(2025), "Việt Nam",
            new Dictionary<string, long> { ["D_tax"] = 200, ["D_tax_online"] = 180, ["O_pay"] = 50, ["O_pay_electronic"] = 40, ["D_pay"] = 90 });
        var tax = StatsService.Evaluate(Indicators.Find("tax-online")!, counts);
        Assert.Equal((180L, 200L, 0.9, 0.05), (tax.Numerator, tax.Denominator, tax.Share!.Value, tax.Gap!.Value));
        var pay = StatsService.Evaluate(Indicators.Find("pay-electronic")!, counts);
        Assert.Equal((40L, 50L, 0.8), (pay.Numerator, pay.Denominator, pay.Share!.Value));
        var si = StatsService.Evaluate(Indicators.Find("si-online")!, counts);
        Assert.Null(si.Share);   // no denominator: no share, not 0 %
    }

    [Fact]
    public void Counter_filing_csv_rows_become_paper_items_and_bad_rows_are_located()
    {
        var csv = "reference,mst,form,office,officeName,receivedOn\n" +
                  "Q-1,0100109106,01/GTGT,10100,\"Thuế Thành phố Hà Nội, quầy 2\",2025-07-01\n" +
                  "Q-2,0100109107,01/GTGT,10100,,2025-07-01\n" +
                  "Q-3,0100109106,XX/YY,10100,,01/07/2025\n" +
                  "Q-4,0100109106,TK3-TS,KV01,,31/07/2025\n";
        var (items, errors) = ChannelCsv.CounterFilings(new StringReader(csv), Items);
        Assert.Equal(2, items.Count);
        Assert.Equal(("tax", "paper", "10100-Q-1", "Thuế Thành phố Hà Nội, quầy 2"), (items[0].Kind, items[0].Channel, items[0].Id, items[0].OfficeName));
        Assert.Equal(("si", new DateOnly(2025, 7, 31)), (items[1].Kind, items[1].Date));
        Assert.Equal([(InputError.MstInvalid, 3), (InputError.FormUnknown, 4)], errors.Select(e => (e.Code, e.Line ?? 0)));
    }

    [Fact]
    public void Payment_csv_checks_channel_amount_and_header()
    {
        var (items, errors) = ChannelCsv.Payments(new StringReader(
            "Reference,MST,Amount,PaidOn,Channel,Office\nP1,0100109106,1000,2025-07-02,electronic,10100\nP2,0100109106,-5,2025-07-02,cash,10100\n"), Items);
        Assert.Single(items);
        Assert.Equal([InputError.AmountInvalid, InputError.ChannelUnknown], errors.Select(e => e.Code));
        var (_, missing) = ChannelCsv.Payments(new StringReader("reference,mst\nP1,0100109106\n"), Items);
        Assert.Equal(InputError.Missing, Assert.Single(missing).Code);
    }

    [Fact]
    public void Payment_notice_example_parses_and_hostile_or_invalid_notices_are_refused()
    {
        var notice = new PaymentNotice(Items, Forms.SchemasFolder);
        var example = File.ReadAllBytes(Path.Combine(Forms.SchemasFolder, "payments", "examples", "payment-notice.valid.xml"));
        var (item, errors) = notice.Parse(example, 1 << 20);
        Assert.Empty(errors);
        Assert.Equal(("pay", "electronic", "0100109106", "10100", new DateOnly(2025, 7, 15)), (item!.Kind, item.Channel, item.Org, item.Office, item.Date));

        var text = Encoding.UTF8.GetString(example);
        Assert.Equal("XML_DTD_PROHIBITED", Code(notice.Parse(Encoding.UTF8.GetBytes(
            text.Replace("<ThongBaoNopThue", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ThongBaoNopThue")), 1 << 20)));
        Assert.Equal("SCHEMA_INVALID", Code(notice.Parse(Encoding.UTF8.GetBytes(text.Replace(">electronic<", ">cash<")), 1 << 20)));
        Assert.Equal("SCHEMA_INVALID", Code(notice.Parse(Encoding.UTF8.GetBytes(text.Replace("urn:efiling:vn:nopthue:v1", "urn:other")), 1 << 20)));
        Assert.Equal("INPUT_MST_INVALID", Code(notice.Parse(Encoding.UTF8.GetBytes(text.Replace("0100109106", "0100109107")), 1 << 20)));
        Assert.Equal("XML_MALFORMED", Code(notice.Parse(example.AsMemory(0, 120), 1 << 20)));
    }

    [Fact]
    public void A_payment_notice_beyond_the_parser_limits_is_refused_with_their_codes()
    {
        var notice = new PaymentNotice(Items, Forms.SchemasFolder);
        var text = File.ReadAllText(Path.Combine(Forms.SchemasFolder, "payments", "examples", "payment-notice.valid.xml"));
        var crowded = text.Replace("<ThongBaoNopThue", "<ThongBaoNopThue" + string.Concat(Enumerable.Range(0, 101).Select(i => $" a{i}=\"\"")));
        Assert.Equal("DOC_TOO_MANY_ATTRIBUTES", Code(notice.Parse(Encoding.UTF8.GetBytes(crowded), 1 << 20)));
        var longName = text.Replace("<ThongBaoNopThue", $"<{new string('x', 300)}/><ThongBaoNopThue");
        Assert.Equal("DOC_NAME_TOO_LONG", Code(notice.Parse(Encoding.UTF8.GetBytes(longName), 1 << 20)));
    }

    private static string Code((CountedItem? Item, List<InputError> Errors) result) => result.Errors.First().Code;
}
