using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static EFiling.Review.Tests.ReviewEnvironment;

namespace EFiling.Review.Tests;

/// <summary>An officer's whole path in the browser, with the keyboard: sign in, filter the queue, open a filing,
/// reject it with a reason, see the notification; both pages pass axe-core with no serious violation.</summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewBrowserTests(ReviewEnvironment env)
{
    [Fact]
    public async Task An_officer_signs_in_filters_the_queue_opens_a_filing_rejects_it_and_sees_the_notification()
    {
        const string mst = "0312345673";
        var other = await env.FilingAsync(OfficeA);
        var id = await env.FilingAsync(OfficeA, mst: mst);
        var (playwright, browser) = await Browser.LaunchAsync();
        await using var _ = browser;
        using var __ = playwright;
        // The pages forbid inline scripts (CSP); the test's own axe injection may bypass that.
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = env.App.BaseAddress.ToString(), BypassCSP = true });
        var page = await context.NewPageAsync();

        await Browser.WithScreenshotOnFailureAsync(page, nameof(An_officer_signs_in_filters_the_queue_opens_a_filing_rejects_it_and_sees_the_notification), async () =>
        {
            // Unsigned: the queue sends us to the sign-in page, which brings us back.
            await page.GotoAsync("/api/review/ui/queue.html");
            // The URL is polled, not awaited as a navigation: the queue page's redirect can commit before GotoAsync
            // returns, and WaitForURLAsync then waited (under load, for good) for a load event that had passed.
            await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/signin\.html"));
            // The page's script enables the button once it listens; Enter before that would do nothing. Each step is
            // checked before the next, so a failure names the step instead of a later navigation timeout.
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập / Sign in" })).ToBeEnabledAsync();
            var name = page.GetByLabel("Tên người dùng / User name");
            await name.FillAsync(OfficerA);
            await Assertions.Expect(name).ToHaveValueAsync(OfficerA);
            var signedIn = await page.RunAndWaitForResponseAsync(() => name.PressAsync("Enter"), r => r.Url.EndsWith("/api/review/signin", StringComparison.Ordinal));
            Assert.Equal(200, signedIn.Status);
            await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/queue\.html$"));
            await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("officer.a");
            await Assertions.Expect(page.Locator("#rows a").First).ToBeVisibleAsync();   // the first page is in
            Assert.Empty(await Browser.SeriousViolationsAsync(page));

            // The skip link is the first stop of the keyboard.
            await page.Keyboard.PressAsync("Tab");
            Assert.Equal("skip", await page.EvaluateAsync<string>("() => document.activeElement.className"));

            // English switch, then filter by MST with the keyboard only.
            await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await page.GetByLabel("Tax code (MST)").FocusAsync();
            await page.Keyboard.TypeAsync(mst);
            await page.Keyboard.PressAsync("Enter");
            var link = page.Locator("#rows a");
            await Assertions.Expect(link).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#rows")).Not.ToContainTextAsync(other[..12]);
            await Assertions.Expect(page.Locator(".queues a[aria-current=page]")).ToContainTextAsync("Needs review");

            await link.PressAsync("Enter");   // focus the link and press Enter on it
            await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/filing\.html\?id=" + id));
            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Needs review");
            await Assertions.Expect(page.Locator("#h-figures + table")).ToContainTextAsync("Taxable sales: value");
            await Assertions.Expect(page.Locator("#content")).ToContainTextAsync("EFiling Dev Issuing CA");
            Assert.Empty(await Browser.SeriousViolationsAsync(page));

            // Reject with a reason: type it, Tab to the Reject button, press Enter.
            await page.GetByLabel("Reason").FocusAsync();
            await page.Keyboard.TypeAsync("Thiếu bảng kê hoá đơn bán ra");
            await page.GetByRole(AriaRole.Button, new() { Name = "Reject" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Decision recorded.");
            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Rejected");
            await Assertions.Expect(page.Locator("#actions")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("#h-audit + table")).ToContainTextAsync("Thiếu bảng kê hoá đơn bán ra");

            // The officer's notice is linked (the newest; reconciliation may have issued one before) and is signed.
            var notice = page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Notifications: .*Rejected") }).Last;
            await Assertions.Expect(notice).ToBeVisibleAsync();
            var href = await notice.GetAttributeAsync("href");
            var response = await page.APIRequest.GetAsync(href!);
            Assert.Equal(200, response.Status);
            var xml = await response.TextAsync();
            Assert.Contains("<ketQua>Rejected</ketQua>", xml);
            Assert.Contains("Thiếu bảng kê hoá đơn bán ra", xml);
            Assert.Contains("SignatureValue", xml);
        });
        await context.CloseAsync();
    }
}
