using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EFiling.Functions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EFiling.Review.Tests;

/// <summary>
/// The dashboard in Debian's Chromium over run.sh's demo data: every figure it shows (as text next to the charts) is
/// the figure GET /api/stats gives, in Vietnamese and after the English switch; the page passes axe-core.
/// </summary>
[Collection(StatsCollection.Name)]
public sealed class DashboardBrowserTests(StatsEnvironment env)
{
    [Fact]
    public async Task The_dashboard_shows_the_figures_of_the_stats_api_in_both_languages()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        await using var _ = browser;
        using var __ = playwright;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = env.App.BaseAddress.ToString(), BypassCSP = true, ViewportSize = new() { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        await Browser.WithScreenshotOnFailureAsync(page, nameof(The_dashboard_shows_the_figures_of_the_stats_api_in_both_languages), async () =>
        {
            await page.GotoAsync("/api/dashboard/");
            await Assertions.Expect(page.Locator("#status")).ToBeEmptyAsync();
            var total = await env.App.Client.GetFromJsonNodeAsync("/api/stats?by=province");
            var offices = await env.App.Client.GetFromJsonNodeAsync("/api/stats?by=office");
            var months = await env.App.Client.GetFromJsonNodeAsync("/api/stats?by=month");
            Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thống kê nộp hồ sơ và nộp thuế điện tử");

            // The demo puts offices on both sides of the targets.
            var taxOffices = Indicator(offices, "tax-online")["breakdown"]!.AsArray().Where(o => o!["share"] is not null).ToList();
            Assert.Contains(taxOffices, o => (double)o!["gap"]! > 0);
            Assert.Contains(taxOffices, o => (double)o!["gap"]! <= 0);

            foreach (var indicator in total["indicators"]!.AsArray())
            {
                var id = (string)indicator!["id"]!;
                var row = page.Locator($"#targets tr[data-indicator='{id}']");
                await ExpectFigures(row, indicator["total"]!, "vi");
                await Assertions.Expect(row.Locator("th")).ToHaveTextAsync((string)indicator["name"]!["vi"]!);
                await Assertions.Expect(row.Locator("[data-figure=target]")).ToHaveTextAsync(Percent((double)indicator["target"]!, "vi"));

                var section = page.Locator($"section.indicator[data-indicator='{id}']");
                await Assertions.Expect(section.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync((string)indicator["name"]!["vi"]!);
                var trend = Indicator(months, id)["breakdown"]!.AsArray().Where(m => (long)m!["denominator"]! > 0).ToList();
                await Assertions.Expect(section.Locator(".trend tbody tr[data-period]")).ToHaveCountAsync(trend.Count);
                foreach (var month in trend) await ExpectFigures(section.Locator($".trend tr[data-period='{month!["period"]}']"), month, "vi");

                // Furthest from target: the five largest gaps, in order.
                var furthest = Indicator(offices, id)["breakdown"]!.AsArray().Where(o => o!["share"] is not null)
                    .OrderByDescending(o => (double)o!["gap"]!).ThenByDescending(o => (long)o!["denominator"]!).ThenBy(o => (string)o!["code"]!, StringComparer.Ordinal)
                    .Take(5).ToList();
                var shown = section.Locator(".offices tbody tr[data-office]");
                await Assertions.Expect(shown).ToHaveCountAsync(furthest.Count);
                for (var i = 0; i < furthest.Count; i++)
                {
                    Assert.Equal((string)furthest[i]!["code"]!, await shown.Nth(i).GetAttributeAsync("data-office"));
                    await ExpectFigures(shown.Nth(i), furthest[i]!, "vi");
                }
            }
            await Assertions.Expect(page.Locator("canvas")).ToHaveCountAsync(1 + total["indicators"]!.AsArray().Count);
            Assert.Empty(await Browser.SeriousViolationsAsync(page));
            // docs/dashboard.png is taken here: EFILING_DASHBOARD_SCREENSHOT=docs/dashboard.png ./test.sh --filter DashboardBrowserTests
            if (Environment.GetEnvironmentVariable("EFILING_DASHBOARD_SCREENSHOT") is { Length: > 0 } shot)
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.GetFullPath(shot, Repo.Root), FullPage = true });

            // English: the same figures in English notation, the names in English.
            await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await Assertions.Expect(page.Locator("#targets caption")).ToContainTextAsync("Online share of each indicator");
            foreach (var indicator in total["indicators"]!.AsArray())
            {
                var row = page.Locator($"#targets tr[data-indicator='{indicator!["id"]}']");
                await Assertions.Expect(row.Locator("th")).ToHaveTextAsync((string)indicator["name"]!["en"]!);
                await ExpectFigures(row, indicator["total"]!, "en");
            }
            Assert.Empty(await Browser.SeriousViolationsAsync(page));
            Assert.Empty(errors);
        });
    }

    private static JsonNode Indicator(JsonNode stats, string id) => stats["indicators"]!.AsArray().Single(i => (string?)i!["id"] == id)!;

    /// <summary>Numerator, denominator and share as the page writes them (vi: 92,3 %; en: 92.3%).</summary>
    private static async Task ExpectFigures(ILocator row, JsonNode figures, string lang)
    {
        await Assertions.Expect(row.Locator("[data-figure=numerator]")).ToHaveTextAsync(Integer((long)figures["numerator"]!, lang));
        await Assertions.Expect(row.Locator("[data-figure=denominator]")).ToHaveTextAsync(Integer((long)figures["denominator"]!, lang));
        var share = (double?)figures["share"];
        await Assertions.Expect(row.Locator("[data-figure=share]")).ToHaveTextAsync(share is null ? "—" : Percent(share.Value, lang));
    }

    private static string Percent(double share, string lang)
    {
        var text = (share * 100).ToString("0.0", CultureInfo.InvariantCulture);
        return lang == "vi" ? text.Replace('.', ',') + " %" : text + "%";
    }

    private static Regex Integer(long n, string lang) =>
        new("^" + Regex.Escape(n.ToString("#,0", CultureInfo.InvariantCulture)).Replace(",", lang == "vi" ? "[.\u00a0]" : ",") + "$");
}
