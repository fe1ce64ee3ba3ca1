using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Infrastructure;

namespace EFiling.Review.Tests;

/// <summary>
/// GET /api/stats, POST /api/counter-filings and POST /api/payments on the real app: every input counted exactly once,
/// exact figures at office, province and nation level, CSV export, and stable problem codes. Uses 2019, which the
/// demo data never touches.
/// </summary>
[Collection(StatsCollection.Name)]
public sealed class StatsApiTests(StatsEnvironment env)
{
    private HttpClient Client => env.App.Client;

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string type)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return await Client.PostAsync(path, content);
    }

    private static async Task<(int Received, int Counted, int Duplicates)> ResultAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        return ((int)json["received"]!, (int)json["counted"]!, (int)json["duplicates"]!);
    }

    [Fact]
    public async Task Counter_filings_and_payments_in_every_format_count_once_and_show_in_the_stats()
    {
        // 3 paper tax filings in Hải Phòng (two offices of province 303), by JSON and CSV; one repeated.
        var json = """
            [{"reference":"HP-1","mst":"0100109106","form":"01/GTGT","office":"30300","officeName":"Thuế Thành phố Hải Phòng","receivedOn":"2019-03-04"},
             {"reference":"HP-2","mst":"0101601092","form":"03/TNDN","office":"30300","receivedOn":"04/03/2019"}]
            """;
        Assert.Equal((2, 2, 0), await ResultAsync(await PostAsync("/api/counter-filings", json, "application/json")));
        Assert.Equal((2, 0, 2), await ResultAsync(await PostAsync("/api/counter-filings", json, "application/json; charset=utf-8")));
        var csv = "reference,mst,form,office,officeName,receivedOn\r\nHP-1,0312345673,01/GTGT,30301,,2019-04-01\r\nHP-2,0100109106,01/GTGT,30300,,2019-03-04\r\n";
        Assert.Equal((2, 1, 1), await ResultAsync(await PostAsync("/api/counter-filings", csv, "text/csv")));

        // Payments: a notice (XML) and a CSV of three; the notice sent twice counts once.
        var notice = File.ReadAllText(Repo.Path("schemas", "payments", "examples", "payment-notice.valid.xml"))
            .Replace("10100", "30300").Replace("2025-07-15", "2019-03-20").Replace("Thuế Thành phố Hà Nội", "Thuế Thành phố Hải Phòng");
        Assert.Equal((1, 1, 0), await ResultAsync(await PostAsync("/api/payments", notice, "application/xml")));
        Assert.Equal((1, 0, 1), await ResultAsync(await PostAsync("/api/payments", notice, "text/xml")));
        var payments = "reference,mst,amount,paidOn,channel,office\nP-1,0101601092,500000,2019-03-21,counter,30300\n" +
                       "P-2,0312345673,700000,2019-04-02,bank-transfer,30301\nP-3,0312345673,800000,2019-04-03,electronic,30301\n";
        Assert.Equal((3, 3, 0), await ResultAsync(await PostAsync("/api/payments", payments, "text/csv")));

        var stats = await Client.GetFromJsonNodeAsync("/api/stats?province=303&period=2019");
        Assert.Equal(("2019-Y", "province:303", "Hải Phòng", "office"), ((string)stats["period"]!, (string)stats["scope"]!, (string)stats["scopeName"]!, (string)stats["by"]!));
        var tax = Indicator(stats, "tax-online");
        Assert.Equal((0L, 3L, 0.0, 0.95, 0.95), Figures(tax["total"]!));
        // Payments count organisations: 0100109106 (electronic), 0101601092 (counter), 0312345673 (bank-transfer, then electronic).
        var pay = Indicator(stats, "pay-electronic");
        Assert.Equal((2L, 3L, 0.666667, 0.9, 0.233333), Figures(pay["total"]!));
        Assert.Equal(["30300", "30301"], pay["breakdown"]!.AsArray().Select(o => (string)o!["code"]!));
        Assert.Equal("Thuế Thành phố Hải Phòng", (string?)pay["breakdown"]![0]!["name"]);
        Assert.Equal((1L, 2L, 0.5, 0.9, 0.4), Figures(pay["breakdown"]![0]!));
        Assert.Null((double?)Indicator(stats, "si-online")["total"]!["share"]);   // no denominator: no share

        var months = await Client.GetFromJsonNodeAsync("/api/stats?office=30301&period=2019-Q2&by=month&indicator=pay-electronic");
        Assert.Equal(["2019-M04", "2019-M05", "2019-M06"], Indicator(months, "pay-electronic")["breakdown"]!.AsArray().Select(m => (string)m!["period"]!));
        Assert.Equal((1L, 1L, 1.0, 0.9, -0.1), Figures(Indicator(months, "pay-electronic")["breakdown"]![0]!));
        Assert.Single(months["indicators"]!.AsArray());

        // CSV export: by parameter or by Accept, one line per indicator and scope.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stats?province=303&period=2019&indicator=pay-electronic");
        request.Headers.Accept.ParseAdd("text/csv");
        using var csvResponse = await Client.SendAsync(request);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        var lines = (await csvResponse.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("indicator,programme,unit,row,period,scope,code,name,numerator,denominator,share,target,gap", lines[0]);
        Assert.Equal("pay-electronic,QD1819-2019,organisations,total,2019-Y,province:303,303,Hải Phòng,2,3,0.666667,0.9,0.233333", lines[1]);
        Assert.Equal(4, lines.Length);
        Assert.Equal(await Client.GetStringAsync("/api/stats?province=303&period=2019&indicator=pay-electronic&format=csv"), await csvResponse.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("period=2019-13", "STATS_PERIOD_INVALID")]
    [InlineData("indicator=tax-online,nope", "STATS_INDICATOR_UNKNOWN")]
    [InlineData("office=10100&province=101", "STATS_SCOPE_CONFLICT")]
    [InlineData("office=10%3B100", "STATS_OFFICE_INVALID")]
    [InlineData("province='or'", "STATS_PROVINCE_INVALID")]
    [InlineData("office=10100&by=province", "STATS_BY_INVALID")]
    [InlineData("format=xlsx", "STATS_FORMAT_INVALID")]
    [InlineData("periode=2019", "STATS_PARAMETER_UNKNOWN")]
    public async Task Bad_parameters_are_400_problems_with_a_stable_code(string query, string code)
    {
        using var response = await Client.GetAsync("/api/stats?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal("https://efiling.vn/problems/invalid-parameter", (string?)problem["type"]);
        Assert.Equal(code, (string?)problem["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task Bad_inputs_record_nothing_and_say_where()
    {
        var csv = "reference,mst,form,office,receivedOn\nBAD-1,0100109106,01/GTGT,30300,2019-05-01\nBAD-2,0100109107,01/GTGT,30300,2019-13-01\n";
        using var refused = await PostAsync("/api/counter-filings", csv, "text/csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.JsonAsync())["errors"]!.AsArray();
        Assert.Equal([("INPUT_MST_INVALID", 3, "mst"), ("INPUT_DATE_INVALID", 3, "receivedOn")],
            errors.Select(e => ((string)e!["code"]!, (int)e["line"]!, (string)e["path"]!)));
        // The good row of the refused file was not recorded either.
        var may = await Client.GetFromJsonNodeAsync("/api/stats?office=30300&period=2019-05&indicator=tax-online");
        Assert.Equal(0L, (long)Indicator(may, "tax-online")["total"]!["denominator"]!);

        using var dtd = await PostAsync("/api/payments", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "application/xml");
        Assert.Equal(HttpStatusCode.BadRequest, dtd.StatusCode);
        Assert.Equal("XML_DTD_PROHIBITED", (string?)(await dtd.JsonAsync())["errors"]![0]!["code"]);
        using var json = await PostAsync("/api/counter-filings", "{not json", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("INPUT_JSON_MALFORMED", (string?)(await json.JsonAsync())["errors"]![0]!["code"]);
        using var type = await PostAsync("/api/payments", "{}", "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, type.StatusCode);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", (string?)(await type.JsonAsync())["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task Rebuild_finds_no_difference_after_the_demo_and_the_api_inputs()
    {
        // Online filings are counted by the queue handler, so the last ones may still be on their way: a few tries.
        var (exit, output) = (-1, "");
        for (var attempt = 0; attempt < 20 && exit != 0; attempt++)
        {
            if (attempt > 0) await Task.Delay(1000);
            (exit, output) = await StatsEnvironment.RunEfilingAsync("stats", "rebuild", "--connection", env.Storage);
        }
        Assert.True(exit == 0, output);
        Assert.Contains(" 0 difference(s)", output);
        Assert.DoesNotContain("rewritten", output);
    }

    private static JsonNode Indicator(JsonNode stats, string id) => stats["indicators"]!.AsArray().Single(i => (string?)i!["id"] == id)!;

    private static (long, long, double?, double, double?) Figures(JsonNode row) =>
        ((long)row["numerator"]!, (long)row["denominator"]!, (double?)row["share"], (double)row["target"]!, (double?)row["gap"]);
}
