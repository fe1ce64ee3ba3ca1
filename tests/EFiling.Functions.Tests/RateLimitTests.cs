using System.Net;
using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Signing;
using EFiling.Storage;

namespace EFiling.Functions.Tests;

/// <summary>
/// Issue 14, item 2: rate limits per signer (MST), per function key and per client address, with the framework's
/// limiter, on a real app process: 429 problem+json with Retry-After; one taxpayer's flood does not stop another's
/// filings; refused filings naming a taxpayer do not spend that taxpayer's budget; and `efiling submit` waits as
/// Retry-After says and gets every receipt.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RateLimitTests(TestEnvironment env) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("efiling-rate-limit-tests-").FullName;

    private Task<AppProcess> StartAsync(params (string Name, string Value)[] limits)
    {
        // The shared app reconciles what these apps take in; only the limits differ.
        var extra = new Dictionary<string, string?> { ["EFiling__QueueListener"] = "false" };
        foreach (var (name, value) in limits) extra[$"EFiling__RateLimits__{name}"] = value;
        return env.StartAppAsync(env.StorageConnectionString, extra);
    }

    [Fact]
    public async Task A_signer_over_its_limit_gets_429_with_Retry_After_while_another_signers_filings_go_through()
    {
        await using var app = await StartAsync(("SignerPermitLimit", "2"), ("SignerWindow", "00:10:00"));
        var flooding = TestRegistry.Active(env.Pki);
        var other = TestRegistry.Unregistered(env.Pki);

        for (var i = 0; i < 2; i++) await SubmitExpectingAsync(app, env.Samples.Make(_ => { }, flooding), HttpStatusCode.Accepted);
        using var limited = await app.Client.SubmitAsync(env.Samples.Make(_ => { }, flooding));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 600);
        var problem = await limited.JsonAsync();
        Assert.Equal("RATE_LIMITED_SIGNER", (string?)problem["code"]);
        Assert.Equal("https://efiling.vn/problems/rate-limited", (string?)problem["type"]);

        // Another taxpayer, same client, same moment: not slowed.
        for (var i = 0; i < 2; i++) await SubmitExpectingAsync(app, env.Samples.Make(_ => { }, other), HttpStatusCode.Accepted);
        // And the flooding one is still held back.
        await SubmitExpectingAsync(app, env.Samples.Make(_ => { }, flooding), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Refused_filings_naming_a_taxpayer_do_not_spend_that_taxpayers_budget()
    {
        await using var app = await StartAsync(("SignerPermitLimit", "2"), ("SignerWindow", "00:10:00"));
        var victim = TestRegistry.Suspended(env.Pki);

        // An attacker sends what looks like the victim's filings: the victim's certificate in KeyInfo, but a figure
        // changed after signing (the signature no longer verifies), or no signature at all.
        for (var i = 0; i < 4; i++)
        {
            var signed = System.Text.Encoding.UTF8.GetString(env.Samples.Make(_ => { }, victim));
            var tampered = signed.Replace("<ct22>2000000</ct22>", "<ct22>2000001</ct22>");
            Assert.NotEqual(signed, tampered);
            await SubmitExpectingAsync(app, System.Text.Encoding.UTF8.GetBytes(tampered), HttpStatusCode.UnprocessableEntity);
        }
        await SubmitExpectingAsync(app, env.Samples.Make(_ => { }, victim.Mst, victim.Certificate, signed: s => s.ParentNode!.RemoveChild(s)), HttpStatusCode.UnprocessableEntity);

        // The victim's own budget is whole: two filings, then the limit.
        for (var i = 0; i < 2; i++) await SubmitExpectingAsync(app, env.Samples.Make(_ => { }, victim), HttpStatusCode.Accepted);
        await SubmitExpectingAsync(app, env.Samples.Make(_ => { }, victim), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task The_address_and_the_function_key_limits_count_every_request_but_health()
    {
        await using var app = await StartAsync(("AddressPermitLimit", "6"), ("AddressWindow", "00:10:00"), ("KeyPermitLimit", "2"), ("KeyWindow", "00:10:00"));
        async Task<HttpResponseMessage> Get(string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/filings/{FilingKeys.IdFor(DateTimeOffset.UtcNow, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)))}");
            if (key is not null) request.Headers.Add("x-functions-key", key);
            return await app.Client.SendAsync(request);
        }

        // Vendor A's key: two requests, then 429 for that key only.
        Assert.Equal(HttpStatusCode.NotFound, (await Get("vendor-a")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("vendor-a")).StatusCode);
        using var keyLimited = await Get("vendor-a");
        Assert.Equal(HttpStatusCode.TooManyRequests, keyLimited.StatusCode);
        Assert.Equal("RATE_LIMITED_KEY", (string?)(await keyLimited.JsonAsync())["code"]);
        Assert.NotNull(keyLimited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("vendor-b")).StatusCode);

        // The address: 3 requests counted so far (the key's refusal spent none of it: the key is asked first), 3 more,
        // then 429.
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.NotFound, (await Get(null)).StatusCode);
        using var addressLimited = await Get(null);
        Assert.Equal(HttpStatusCode.TooManyRequests, addressLimited.StatusCode);
        Assert.Equal("RATE_LIMITED_ADDRESS", (string?)(await addressLimited.JsonAsync())["code"]);
        Assert.NotNull(addressLimited.Headers.RetryAfter);

        // Liveness probes are not clients.
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/health")).StatusCode);
    }

    [Fact]
    public async Task Efiling_submit_backs_off_on_429_as_Retry_After_says_and_gets_every_receipt()
    {
        // Two filings per 2-second window for one signer; five sent at once.
        await using var app = await StartAsync(("SignerPermitLimit", "2"), ("SignerWindow", "00:00:02"));
        var signer = env.Pki.Agents[1];
        for (var i = 0; i < 5; i++) await File.WriteAllBytesAsync(Path.Combine(_folder, $"{i}.xml"), env.Samples.Make(_ => { }, signer));
        var results = Path.Combine(_folder, "results.jsonl");

        // Three windows at least; a try told to wait may land just after the next window's permits went to another.
        var run = await EfilingCli.RunAsync("submit", _folder, "--url", app.BaseAddress.ToString(), "--concurrency", "5", "--retries", "12",
            "--out", results, "--json");

        Assert.True(run.ExitCode == 0, run.Output);
        var outcomes = File.ReadAllLines(results).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(5, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(202, (int)o["status"]!));
        var attempts = outcomes.SelectMany(o => o["attempts"]!.AsArray().Select(a => (int)a!)).ToList();
        // Only two fitted in the first window: the others were told 429 and waited, and no try was answered otherwise.
        Assert.True(attempts.Count(a => a == 429) >= 3, string.Join(",", attempts));
        Assert.All(attempts, a => Assert.Contains(a, new[] { 202, 429 }));
    }

    private static async Task SubmitExpectingAsync(AppProcess app, byte[] bytes, HttpStatusCode expected)
    {
        using var response = await app.Client.SubmitAsync(bytes);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
