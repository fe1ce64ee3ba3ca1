using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Signing;
using EFiling.Tests.Shared;
using Xunit.Abstractions;

namespace EFiling.Functions.Tests;

/// <summary>
/// The genuine HTKK / eTax declarations of ../shared/real-world/ posted to POST /api/filings of an app configured as an
/// operator would (the three official schema packs and the viewer catalogue, trust imported from iTaxViewer's
/// certstore, revocation unknown sent to review): 202 for each genuine one with CERT_REVOCATION_UNKNOWN as a review
/// finding, 422 for each tampered copy. Their certificates expired long ago, and the service checks a certificate at
/// the time it receives the filing, so the app runs under libfaketime (its thread-safe build; FAKETIME_TIMESTAMP_FILE, re-read on every clock
/// call) and the test moves its clock to each file's signing time before posting it: the real receipt path, at the
/// time the taxpayer really filed. Reconciliation is off: these taxpayers are in no registry here.
/// </summary>
public sealed class RealWorldIntakeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] LibFaketime =
    [
        "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
        "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1",
        "/usr/lib/faketime/libfaketimeMT.so.1",
    ];

    private readonly string _folder = Azurite.TempFolder("realworld");
    private Azurite? _ownAzurite;

    public async Task InitializeAsync()
    {
        if (RealWorld.Folder is null) return;
        // Storage of its own: on the suite's shared Azurite another test's app would take these filings off the queue
        // and reconcile them under its own trust.
        _ownAzurite = await Azurite.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_ownAzurite is not null) await _ownAzurite.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [RealWorldFact]
    public async Task Genuine_declarations_are_acknowledged_for_review_and_tampered_ones_refused()
    {
        var library = LibFaketime.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("libfaketime is not installed (Debian package faketime; ./test.sh installs it).");
        var trust = TrustStoreImport.Run(RealWorld.CertStore, Path.Combine(_folder, "trust"));
        var clock = Path.Combine(_folder, "faketime");
        var genuine = RealWorld.GenuineDeclarations;
        SetClock(clock, RealWorld.SigningTime(genuine[0]));
        var storage = _ownAzurite!.ConnectionString;

        await using var app = await AppProcess.StartAsync(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["EFiling__SchemaPacks"] = string.Join(';', RealWorld.SchemaPacks),
            ["EFiling__TrustedRoots"] = trust.TrustedRootsPath,
            ["EFiling__Intermediates"] = trust.IntermediatesPath,
            ["EFiling__Revocation__WhenUnknown"] = "Review",
            // Offline, so the suite never waits on (or depends on) a real CA's responder; the online path has its own tests.
            ["EFiling__Revocation__Online"] = "false",
            ["EFiling__DevelopmentFolder"] = Path.Combine(_folder, "dev"),
            ["EFiling__QueueListener"] = "false",
            ["LD_PRELOAD"] = library,
            ["FAKETIME_TIMESTAMP_FILE"] = clock,
            ["FAKETIME_NO_CACHE"] = "1",
            // Timers, timeouts and the runtime's own clocks keep real time; only the wall clock moves.
            ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
            ["TZ"] = "UTC",
        });

        var table = new StringBuilder("| file | at | status | findings |\n|---|---|---|---|\n");
        var wrong = new List<string>();
        foreach (var file in genuine.Concat(RealWorld.TamperedDeclarations))
        {
            var tampered = RealWorld.TamperedDeclarations.Contains(file);
            var at = RealWorld.SigningTimeOrNow(file);
            SetClock(clock, at);
            using var response = await app.Client.SubmitAsync(File.ReadAllBytes(file), accept: "application/json");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            string findings;
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                using var status = await app.Client.GetAsync($"/api/filings/{(string?)body!["id"]}");
                var filing = JsonNode.Parse(await status.Content.ReadAsStringAsync())!;
                var list = filing["findings"]!.AsArray().Select(f => $"{(string?)f!["code"]} ({(string?)f["severity"]})").Distinct().ToList();
                findings = string.Join(", ", list);
                // The receipt states when the app thought it was: the signing time, or the clock did not move.
                var receivedAt = DateTimeOffset.Parse((string)body!["receivedAtUtc"]!, CultureInfo.InvariantCulture);
                if (tampered || !list.Contains("CERT_REVOCATION_UNKNOWN (review)") || (receivedAt - at).Duration() > TimeSpan.FromMinutes(10))
                    wrong.Add(RealWorld.Name(file));
            }
            else
            {
                findings = string.Join(", ", body?["errors"]?.AsArray().Select(e => $"{(string?)e!["code"]} ({(string?)e["severity"]})").Distinct() ?? []);
                if (!tampered || response.StatusCode != HttpStatusCode.UnprocessableEntity) wrong.Add(RealWorld.Name(file));
            }
            table.Append(CultureInfo.InvariantCulture, $"| {RealWorld.Name(file)} | {at:yyyy-MM-dd HH:mm zzz} | {(int)response.StatusCode} | {findings} |\n");
        }
        output.WriteLine(table.ToString());

        Assert.True(wrong.Count == 0, $"Not as expected (202 with a CERT_REVOCATION_UNKNOWN review finding, or 422 for a tampered copy): "
                                      + $"{string.Join(", ", wrong)}\n{table}\n{app.OutputTail()}");
    }

    /// <summary>libfaketime's absolute form, in the app's time zone (TZ=UTC above). Written beside and renamed over the
    /// file: the app re-reads it on every clock call, from any thread, and must never see it half-written.</summary>
    private static void SetClock(string file, DateTimeOffset at)
    {
        var next = file + ".next";
        File.WriteAllText(next, at.UtcDateTime.ToString("'@'yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        File.Move(next, file, overwrite: true);
    }
}
