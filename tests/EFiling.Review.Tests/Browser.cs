using System.Text.Json;
using EFiling.Functions.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EFiling.Review.Tests;

/// <summary>
/// Playwright driving Debian's Chromium (/usr/bin/chromium; never a downloaded browser), axe-core from the
/// repository's node_modules injected into the page, and a screenshot into the test output folder on failure.
/// </summary>
public static class Browser
{
    public const string Chromium = "/usr/bin/chromium";
    private static readonly string[] Args =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Args = Args, Headless = true });
        return (playwright, browser);
    }

    /// <summary>Runs the test body; on failure saves a full-page screenshot named after the test, then rethrows.</summary>
    public static async Task WithScreenshotOnFailureAsync(IPage page, string name, Func<Task> body)
    {
        // What the page did, for the failure message: a timeout alone does not say whether a redirect looped or a
        // request failed.
        var trail = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.FrameNavigated += (_, f) => { if (f == page.MainFrame) trail.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} navigated {f.Url}"); };
        page.Response += (_, r) => trail.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {r.Status} {r.Request.Method} {r.Url}");
        page.Request += (_, r) => trail.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} asked {r.Method} {r.Url}");
        page.RequestFailed += (_, r) => trail.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} failed {r.Method} {r.Url}: {r.Failure}");
        page.Console += (_, m) => trail.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} console {m.Type}: {m.Text}");
        page.PageError += (_, e) => trail.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} page error: {e}");
        try { await body(); }
        catch (Exception e)
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            var shot = Path.Combine(folder, name + ".png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            // Where the page was tells more than the timeout does (a redirect loop, a reload, a page that never came).
            throw new Xunit.Sdk.XunitException($"{e.Message}\nPage at {page.Url}; screenshot {shot}\nThe page's trail:\n{string.Join("\n", trail.TakeLast(60))}\n{e}");
        }
    }

    /// <summary>Serious and critical axe-core violations of the page as it is now (WCAG 2.x A and AA rules).</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        await page.EvaluateAsync(AxeSource.Value);
        var json = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }))" +
            ".violations.filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
        return json.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(Repo.Path("node_modules", "axe-core", "axe.min.js")));
}
