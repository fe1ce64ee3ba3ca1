using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;

namespace EFiling.Functions.Tests;

/// <summary>`efiling submit` and `efiling status` run as processes against the running app, as a vendor's tester (or
/// run.sh) uses them: the summary they print and the exit codes scripts rely on.</summary>
[Collection(AppCollection.Name)]
public sealed class CliTests(TestEnvironment env) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("efiling-cli-tests-").FullName;
    private string Url => env.App.BaseAddress.ToString();

    [Fact]
    public async Task Submit_summarises_accepted_and_refused_by_code_and_status_shows_the_accepted_filing()
    {
        var valid = env.Samples.Valid();
        await File.WriteAllBytesAsync(Path.Combine(_folder, "1-valid.xml"), valid);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "2-broken.xml"), env.Samples.RuleViolations()); // GTGT-027, GTGT-034

        // A refusal is an answer: exit 1, and the summary counts it by code.
        var first = await EfilingCli.RunAsync("submit", _folder, "--url", Url, "--json");
        Assert.True(first.ExitCode == 1, first.Output);
        var summary = JsonNode.Parse(first.Stdout)!;
        Assert.Equal(2, (int)summary["files"]!);
        Assert.Equal(1, (int)summary["accepted"]!);
        Assert.Equal(0, (int)summary["alreadyFiled"]!);
        Assert.Equal(1, (int)summary["refused"]!);
        Assert.Equal(0, (int)summary["failed"]!);
        Assert.Equal(1, (int)summary["refusedByCode"]!["GTGT-027"]!);
        Assert.Equal(1, (int)summary["refusedByCode"]!["GTGT-034"]!);

        // The same folder again, read as a person reads it: the valid file is already filed (200), the other refused again.
        var again = await EfilingCli.RunAsync("submit", _folder, "--url", Url);
        Assert.True(again.ExitCode == 1, again.Output);
        Assert.Matches(new Regex(@"accepted \(202\)\W+0\b"), again.Stdout);
        Assert.Matches(new Regex(@"already filed \(200\)\W+1\b"), again.Stdout);
        Assert.Matches(new Regex(@"refused\W+1\b"), again.Stdout);
        Assert.Matches(new Regex(@"GTGT-027\W+1\b"), again.Stdout);

        // Which filing it made: the same bytes through the API answer 200 with its id.
        using var resent = await env.App.Client.SubmitAsync(valid, accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        var id = (string)(await resent.JsonAsync())["id"]!;
        await env.App.WaitForStatusAsync(id, "Accepted", TimeSpan.FromSeconds(30));

        var status = await EfilingCli.RunAsync("status", id, "--url", Url);
        Assert.True(status.ExitCode == 0, status.Output);
        var lines = status.Stdout.Split('\n', 2);
        Assert.Equal($"{id}: Accepted", lines[0].TrimEnd('\r'));
        var shown = JsonNode.Parse(lines[1])!;
        Assert.Equal(id, (string?)shown["id"]);
        Assert.Equal(["Received", "Accepted"], shown["history"]!.AsArray().Select(h => (string)h!["status"]!));

        var unknown = await EfilingCli.RunAsync("status", new string('0', 32), "--url", Url);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No filing", unknown.Stderr);
    }

    [Fact]
    public async Task Submit_test_sends_test_filings_signed_under_the_test_anchor()
    {
        var file = Path.Combine(_folder, "test-anchor.xml");
        await File.WriteAllBytesAsync(file, env.TestAnchorSamples.Valid());
        var outcomes = Path.Combine(_folder, "outcomes.jsonl");

        // Without --test the test anchor is not trusted; with it the filing is taken as a test.
        var real = await EfilingCli.RunAsync("submit", file, "--url", Url, "--json");
        Assert.True(real.ExitCode == 1, real.Output);
        Assert.Equal(1, (int)JsonNode.Parse(real.Stdout)!["refusedByCode"]!["CERT_UNTRUSTED_ROOT"]!);
        var test = await EfilingCli.RunAsync("submit", file, "--url", Url, "--test", "--json", "--out", outcomes);
        Assert.True(test.ExitCode == 0, test.Output);
        Assert.Equal(1, (int)JsonNode.Parse(test.Stdout)!["accepted"]!);
        var id = (string)JsonNode.Parse(File.ReadLines(outcomes).Single())!["filingId"]!;
        var status = await env.App.Client.GetFromJsonNodeAsync($"/api/filings/{id}");
        Assert.True((bool?)status["test"]);
    }

    [Fact]
    public async Task Submit_and_status_exit_3_when_the_service_cannot_be_reached()
    {
        var nobody = $"http://127.0.0.1:{FreePort.Next()}";
        var file = Path.Combine(_folder, "valid.xml");
        await File.WriteAllBytesAsync(file, env.Samples.Valid());

        var submit = await EfilingCli.RunAsync("submit", file, "--url", nobody, "--json");
        Assert.True(submit.ExitCode == 3, submit.Output);
        Assert.Equal(1, (int)JsonNode.Parse(submit.Stdout)!["failed"]!);

        var status = await EfilingCli.RunAsync("status", new string('0', 32), "--url", nobody);
        Assert.True(status.ExitCode == 3, status.Output);
        Assert.Contains("Could not reach", status.Stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
