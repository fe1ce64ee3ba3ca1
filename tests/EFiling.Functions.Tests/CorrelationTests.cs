using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EFiling.Functions.Tests;

/// <summary>
/// Issue 14, item 1: one correlation id per request, in the X-Correlation-Id header of every answer, in the body
/// (problem+json traceId, the receipt's JSON) and on the app's log lines for that request; and the request's trace, with
/// spans for the checks and each storage call, continued by its filing's reconciliation. The app runs in this process
/// (FunctionsApp.Build, as Program.cs) so its telemetry can be read; requests still go over real HTTP, to real Azurite.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class CorrelationTests(TestEnvironment env)
{
    private const string HttpLogCategory = "Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_answer_carries_its_correlation_id_in_the_header_the_body_and_the_log_lines_of_that_request()
    {
        var signer = TestRegistry.Suspended(env.Pki); // a signer no other test here files for: its budget is this test's
        await using var app = await InProcessApp.StartAsync(
            env.Settings(env.StorageConnectionString, new Dictionary<string, string?>
            {
                ["EFiling__QueueListener"] = "false",
                ["EFiling__RateLimits__SignerPermitLimit"] = "1",
                ["EFiling__RateLimits__SignerWindow"] = "00:10:00",
            }),
            a => a.MapGet("/api/test/fault", string () => throw new InvalidOperationException("injected fault")));

        // 422 first: a refusal spends nothing of the signer's one permit.
        using var refused = await app.Client.SubmitAsync(env.Samples.Make(d => DeclarationSamples.Set(d, "ct27", "1"), signer));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusedId = CorrelationOf(refused);
        Assert.Equal(refusedId, (string?)(await refused.JsonAsync())["traceId"]);
        await app.Logs.WaitAsync(refusedId, l => l.Message.Contains("Declaration refused (422)"), Wait);
        await AssertRequestLoggedAsync(app, refusedId, 422);

        // 202: the receipt's JSON has the id, and the intake's log line names the filing in its scope.
        using var accepted = await app.Client.SubmitAsync(env.Samples.Make(_ => { }, signer), accept: "application/json");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var acceptedId = CorrelationOf(accepted);
        var receipt = await accepted.JsonAsync();
        Assert.Equal(acceptedId, (string?)receipt["traceId"]);
        var intake = await app.Logs.WaitAsync(acceptedId, l => l.Message.StartsWith($"Filing {receipt["id"]} received"), Wait);
        Assert.Contains(intake, l => l.Scope.TryGetValue("FilingId", out var v) && (string?)v == (string?)receipt["id"]);
        await AssertRequestLoggedAsync(app, acceptedId, 202);

        // 429: the signer's one permit is spent.
        using var limited = await app.Client.SubmitAsync(env.Samples.Make(_ => { }, signer));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var limitedId = CorrelationOf(limited);
        Assert.Equal(limitedId, (string?)(await limited.JsonAsync())["traceId"]);
        await AssertRequestLoggedAsync(app, limitedId, 429);

        // 404, with the caller's own traceparent: its trace id comes back as the correlation id. (Chunked body: the
        // raw answer's JSON sits between the chunk sizes.)
        var callerTrace = ActivityTraceId.CreateRandom().ToHexString();
        var (status, headers, body) = await app.SendRawAsync($"/api/filings/{FilingKeys.IdFor(DateTimeOffset.UtcNow, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)))}",
            ("traceparent", $"00-{callerTrace}-{ActivitySpanId.CreateRandom().ToHexString()}-01"));
        Assert.Equal(404, status);
        Assert.Equal(callerTrace, headers["X-Correlation-Id"]);
        Assert.Contains($"\"traceId\":\"{callerTrace}\"", body);
        await AssertRequestLoggedAsync(app, callerTrace, 404);

        // 500 from an unhandled exception: problem+json through the framework, the error logged under the same id, and
        // the exception's own message kept out of the answer.
        using var fault = await app.Client.GetAsync("/api/test/fault");
        Assert.Equal(HttpStatusCode.InternalServerError, fault.StatusCode);
        Assert.Equal("application/problem+json", fault.Content.Headers.ContentType?.MediaType);
        var faultId = CorrelationOf(fault);
        var problem = await fault.JsonAsync();
        Assert.Equal(faultId, (string?)problem["traceId"]);
        Assert.Equal("INTERNAL_ERROR", (string?)problem["code"]);
        Assert.DoesNotContain("injected fault", problem.ToJsonString());
        await app.Logs.WaitAsync(faultId, l => l.Category.Contains("ExceptionHandler") && l.Message.Contains("unhandled exception"), Wait);
        await AssertRequestLoggedAsync(app, faultId, 500);

        Assert.Equal(5, new[] { refusedId, acceptedId, limitedId, callerTrace, faultId }.Distinct().Count());
    }

    [Fact]
    public async Task A_filings_trace_has_spans_for_parse_verify_and_each_storage_call_and_its_reconciliation_continues_it()
    {
        // Its own storage, so the reconciliation of this filing is done by this app's queue listener (whose telemetry we read).
        await using var azurite = await Azurite.StartAsync();
        await TestRegistry.SeedAsync(StorageClients.FromConnectionString(azurite.ConnectionString), env.Pki);
        await using var app = await InProcessApp.StartAsync(env.Settings(azurite.ConnectionString));

        using var response = await app.Client.SubmitAsync(env.Samples.Valid(), accept: "application/json");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var traceId = CorrelationOf(response);
        var filingId = (string)(await response.JsonAsync())["id"]!;

        await app.Spans.WaitAsync(traceId, a => a.Kind == ActivityKind.Server, Wait);
        var spans = await app.Spans.WaitAsync(traceId, a => a.DisplayName == "ReconcileFiling", TimeSpan.FromSeconds(60));
        var server = spans.Single(a => a.Kind == ActivityKind.Server);
        Assert.Equal("/api/filings", server.GetTagItem("url.path"));
        var intake = spans.Where(a => Below(a, server, spans)).ToList();

        // The checks' stages.
        Assert.Contains(intake, a => a.Source.Name == "EFiling.Validation" && a.DisplayName == "parse");
        Assert.Contains(intake, a => a.Source.Name == "EFiling.Validation" && a.DisplayName == "verify");

        // Each storage call is a span of the Azure SDK with the HTTP request it made under it; and no request reached
        // storage outside such a span.
        var storage = intake.Where(a => a.Source.Name.StartsWith("Azure.", StringComparison.Ordinal)).ToList();
        var http = intake.Where(a => a.Kind == ActivityKind.Client && a.Source.Name == "System.Net.Http").ToList();
        Assert.Contains(storage, a => a.Source.Name.StartsWith("Azure.Storage.Blobs", StringComparison.Ordinal));
        Assert.Contains(storage, a => a.Source.Name.StartsWith("Azure.Data.Tables", StringComparison.Ordinal));
        Assert.Contains(storage, a => a.Source.Name.StartsWith("Azure.Storage.Queues", StringComparison.Ordinal));
        Assert.NotEmpty(http);
        Assert.All(http, h => Assert.Contains(storage, s => s.SpanId == h.ParentSpanId));
        Assert.All(storage.Where(s => s.Kind == ActivityKind.Client), s => Assert.Contains(http, h => h.ParentSpanId == s.SpanId));

        // The reconciliation continues the intake's trace, and its log lines carry the same id and the filing's id.
        var reconcile = spans.Single(a => a.DisplayName == "ReconcileFiling");
        Assert.Equal(filingId, reconcile.GetTagItem("efiling.filing_id"));
        var lines = await app.Logs.WaitAsync(traceId, l => l.Message.StartsWith($"ReconcileFiling: Filing {filingId}: Accepted"), TimeSpan.FromSeconds(60));
        Assert.All(lines.Where(l => l.Message.StartsWith("ReconcileFiling:")),
            l => Assert.Equal(filingId, l.Scope.TryGetValue("FilingId", out var v) ? v as string : null));
    }

    private static async Task AssertRequestLoggedAsync(InProcessApp app, string correlationId, int status) =>
        await app.Logs.WaitAsync(correlationId, l => l.Category == HttpLogCategory && l.Message.Contains($"StatusCode: {status}"), Wait);

    private static string CorrelationOf(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("X-Correlation-Id", out var values), $"{(int)response.StatusCode} without X-Correlation-Id");
        var id = Assert.Single(values);
        Assert.Matches(TraceIdPattern(), id);
        return id;
    }

    /// <summary>Whether <paramref name="span"/> is <paramref name="ancestor"/> or below it.</summary>
    private static bool Below(Activity span, Activity ancestor, IReadOnlyList<Activity> all)
    {
        for (var current = span; current is not null; current = all.FirstOrDefault(a => a.SpanId == current.ParentSpanId))
            if (current.SpanId == ancestor.SpanId) return true;
        return false;
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceIdPattern();
}
