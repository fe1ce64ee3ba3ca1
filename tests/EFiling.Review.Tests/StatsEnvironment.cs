using System.Diagnostics;
using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Infrastructure;

namespace EFiling.Review.Tests;

/// <summary>
/// The statistics' own world: an Azurite of its own (the dashboard shows nation-wide figures, so no other test's
/// filings may land in them), the app with its queue listener, and run.sh's demo data made and sent by the same
/// `efiling` commands: dev PKI, samples through the API, registry, counter filings and payments.
/// </summary>
public sealed class StatsEnvironment : IAsyncLifetime
{
    private Azurite _azurite = null!;
    private string _folder = "";

    public AppProcess App { get; private set; } = null!;
    public string Storage => _azurite.ConnectionString;
    public int OnlineSamples { get; private set; }

    /// <summary>Of the 01/GTGT demo samples, how many ask for a VAT refund (so the review queue has work, as in run.sh).</summary>
    public const int RefundRequests = 4;

    public async Task InitializeAsync()
    {
        _folder = Azurite.TempFolder("stats-tests");
        _azurite = await Azurite.StartAsync();
        var pki = Path.Combine(_folder, "pki");
        await EfilingAsync("dev-pki", "--out", pki);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(pki, "pki.json")))!;
        App = await AppProcess.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = Storage,
            ["EFiling__TrustedRoots"] = Path.Combine(pki, "trusted-roots.pem"),
            ["EFiling__Intermediates"] = Path.Combine(pki, "intermediates.pem"),
            ["EFiling__CrlFolder"] = Path.Combine(pki, "crl"),
            ["EFiling__ReceiptCertificate"] = Path.Combine(pki, "receipt-signing.pfx"),
            ["EFiling__ReceiptCertificatePassword"] = (string?)manifest["receiptSigning"]!["password"],
            ["EFiling__RetryDelay"] = "00:00:01",
        });

        // run.sh's demo, smaller: samples of a tax and a social-insurance form through the API, then the other channels.
        var samples = Path.Combine(_folder, "samples");
        await EfilingAsync("sample", "--form", "01/GTGT", "--count", "40", "--refund-requests", $"{RefundRequests}", "--pki", pki, "--out", Path.Combine(samples, "01-GTGT"), "--seed", "1");
        await EfilingAsync("sample", "--form", "TK3-TS", "--count", "6", "--pki", pki, "--out", Path.Combine(samples, "TK3-TS"), "--seed", "2");
        OnlineSamples = Directory.GetFiles(samples, "*.xml", SearchOption.AllDirectories).Length;
        var registry = Path.Combine(_folder, "registry");
        await EfilingAsync("registry", "demo", "--pki", pki, "--out", registry);
        await EfilingAsync("registry", "import", Path.Combine(registry, "offices.csv"), Path.Combine(registry, "taxpayers.csv"),
            Path.Combine(registry, "employers.csv"), "--connection", Storage);
        await EfilingAsync("submit", samples, "--url", App.BaseAddress.ToString());
        var channels = Path.Combine(_folder, "channels");
        await EfilingAsync("stats", "demo", "--samples", samples, "--out", channels);
        await EfilingAsync("counter-filings", "import", Path.Combine(channels, "counter-filings.csv"), "--url", App.BaseAddress.ToString());
        await EfilingAsync("payments", "import", Path.Combine(channels, "payments.csv"), "--url", App.BaseAddress.ToString());
        await WaitForOnlineCountsAsync();
    }

    /// <summary>Online filings are counted by the queue handler: wait until every sample is in the nation's figures.</summary>
    private async Task WaitForOnlineCountsAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var stats = await App.Client.GetFromJsonNodeAsync("/api/stats?indicator=tax-online,si-online&by=month");
            long Online(int i) => (long)stats["indicators"]![i]!["breakdown"]!.AsArray().Sum(m => (long)m!["numerator"]!);
            // tax-online counts documents; si-online organisations, so only "some" can be checked there.
            if (Online(0) >= OnlineSamples - 6 && Online(1) > 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Online filings not counted yet: {stats.ToJsonString()}");
            await Task.Delay(500);
        }
    }

    /// <summary>Runs the built `efiling` command like run.sh does; a non-zero exit throws with its output.</summary>
    public static async Task<string> EfilingAsync(params string[] args)
    {
        var (exit, output) = await RunEfilingAsync(args);
        return exit == 0 ? output : throw new InvalidOperationException($"efiling {string.Join(' ', args)} exited {exit}: {output}");
    }

    /// <summary>Runs `efiling` and returns its exit code with its output (stdout then stderr).</summary>
    public static async Task<(int Exit, string Output)> RunEfilingAsync(params string[] args)
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Repo.Path("src", "EFiling.Cli", "bin", tfm.Parent!.Name, tfm.Name, "efiling.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    public async Task DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
        await _azurite.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class StatsCollection : ICollectionFixture<StatsEnvironment>
{
    public const string Name = "stats";
}
