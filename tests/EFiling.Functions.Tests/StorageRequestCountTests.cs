using System.Net;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EFiling.Functions.Tests;

/// <summary>
/// What a filing costs in storage requests, counted on the wire (every storage client of the app carries a counting
/// policy): taking one in (POST /api/filings, each counted alone) and reconciling a batch of them the way the
/// standalone listener does (one receive, then every message's reads and writes, the statistics and the deletes),
/// divided by the filings in the batch. In Azure these counts are the bill and the ceiling of a storage account
/// (about 20,000 requests/s), so they must not drift back. A batch is sixteen distinct taxpayers of one office, so
/// the statistics partitions they share are the ones a real batch shares. Steady state: the app has already taken in
/// and reconciled a filing of each form (its storage is set up, its counters known).
/// </summary>
public sealed class StorageRequestCountTests(CountingApp app, ITestOutputHelper output) : IClassFixture<CountingApp>
{
    public const int IntakeLimit = 3;
    public const int ReconcileLimit = 12;

    [Fact]
    public async Task An_accepted_01_GTGT_costs_at_most_3_requests_to_take_in_and_12_to_reconcile()
    {
        await WarmUpAsync();
        var ids = new List<string>();
        var intake = new List<IReadOnlyList<string>>();
        foreach (var taxpayer in app.Taxpayers)
        {
            app.Requests.Take();
            ids.Add(await SubmitAsync(app.Samples.Make(_ => { }, taxpayer)));
            intake.Add(app.Requests.Take());
        }
        Assert.Equal(ids.Count, await app.ReconcileOneBatchAsync());
        var reconciliation = app.Requests.Take();

        foreach (var id in ids) Assert.Equal("Accepted", await StatusAsync(id));
        Report("01/GTGT", intake, reconciliation, ids.Count);
        Assert.All(intake, requests => Assert.True(requests.Count <= IntakeLimit, $"intake took {requests.Count} requests: {string.Join(", ", requests)}"));
        Assert.True(reconciliation.Count <= ReconcileLimit * ids.Count, $"reconciliation took {reconciliation.Count} requests for {ids.Count} filings");

        // For the record: one filing alone in its batch (nothing shared with others).
        app.Requests.Take();
        var lone = await SubmitAsync(app.Samples.Make(_ => { }, app.Taxpayers[0]));
        app.Requests.Take();
        Assert.Equal(1, await app.ReconcileOneBatchAsync());
        var alone = app.Requests.Take();
        Assert.Equal("Accepted", await StatusAsync(lone));
        Write($"01/GTGT reconciled alone in its batch: {alone.Count} requests ({Breakdown(alone)})");
    }

    /// <summary>D02-LT lists whose employer filed its PIT return (05/KK-TNCN) for the same month: reconciliation reads
    /// that return for the cross-family employee count. The first employer declared 10 employees against the list's 4,
    /// so its list goes to review: proof the counterpart was read.</summary>
    [Fact]
    public async Task A_D02_LT_checked_across_families_costs_at_most_3_requests_to_take_in_and_12_to_reconcile()
    {
        await WarmUpAsync();
        var month = DeclarationSamples.NewMonth();
        foreach (var (taxpayer, i) in app.Taxpayers.Select((t, i) => (t, i)))
            await SubmitAsync(app.Samples.Pit(month, i == 0 ? 10 : DeclarationSamples.EmployeesListed, taxpayer));
        await app.ReconcileAllAsync();

        var ids = new List<string>();
        var intake = new List<IReadOnlyList<string>>();
        foreach (var taxpayer in app.Taxpayers)
        {
            app.Requests.Take();
            ids.Add(await SubmitAsync(app.Samples.EmployeeList(month, TestRegistry.UnitCodeOf(taxpayer), signer: taxpayer)));
            intake.Add(app.Requests.Take());
        }
        Assert.Equal(ids.Count, await app.ReconcileOneBatchAsync());
        var reconciliation = app.Requests.Take();

        Assert.Equal("NeedsReview", await StatusAsync(ids[0]));
        foreach (var id in ids.Skip(1)) Assert.Equal("Accepted", await StatusAsync(id));
        Report("D02-LT", intake, reconciliation, ids.Count);
        Assert.All(intake, requests => Assert.True(requests.Count <= IntakeLimit, $"intake took {requests.Count} requests: {string.Join(", ", requests)}"));
        Assert.True(reconciliation.Count <= ReconcileLimit * ids.Count, $"reconciliation took {reconciliation.Count} requests for {ids.Count} filings");
    }

    /// <summary>A filing of each form taken in and reconciled first, so what follows is the steady state.</summary>
    private async Task WarmUpAsync()
    {
        var month = DeclarationSamples.NewMonth();
        var active = TestRegistry.Active(app.Pki);
        await SubmitAsync(app.Samples.Valid());
        await SubmitAsync(app.Samples.Pit(month, DeclarationSamples.EmployeesListed, active));
        await SubmitAsync(app.Samples.EmployeeList(month, TestRegistry.UnitCodeOf(active), signer: active));
        await app.ReconcileAllAsync();
        app.Requests.Take();
    }

    private void Report(string form, IReadOnlyList<IReadOnlyList<string>> intake, IReadOnlyList<string> reconciliation, int filings)
    {
        // Reconciliation works from the facts and signer intake found (they travel in the message): it never reads the
        // stored document, let alone its KeyInfo.
        Assert.DoesNotContain(reconciliation, r => r.StartsWith("GET blob filings", StringComparison.Ordinal));
        var most = intake.MaxBy(r => r.Count)!;
        Write($"{form} intake: at most {most.Count} storage requests per filing ({Breakdown(most)})");
        Write($"{form} reconciliation: {reconciliation.Count} storage requests for {filings} filings in one batch = " +
              $"{(double)reconciliation.Count / filings:F2} per filing ({Breakdown(reconciliation)})");
    }

    private void Write(string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("EFILING_TEST_REPORT") is { Length: > 0 } report) File.AppendAllText(report, line + Environment.NewLine);
    }

    private static string Breakdown(IEnumerable<string> requests) =>
        string.Join("; ", requests.GroupBy(r => r).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()}× {g.Key}"));

    private async Task<string> SubmitAsync(byte[] bytes)
    {
        using var response = await app.Client.SubmitAsync(bytes, accept: "application/json");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {body}");
        return (string)(await response.JsonAsync())["id"]!;
    }

    private async Task<string?> StatusAsync(string id) => (string?)(await app.Client.GetFromJsonNodeAsync($"/api/filings/{id}"))["status"];
}
