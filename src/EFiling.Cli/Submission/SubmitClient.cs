using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Polly;
using Polly.Retry;

namespace EFiling.Cli.Submission;

/// <summary>
/// Posts declarations to the service. Transient faults (no answer, 429, 5xx) are retried with backoff by Polly, after
/// the answer's Retry-After when it has one (the service's rate limits say when); a refusal is an answer, never retried. Resending identical bytes is safe, whatever happened to the first try: the
/// service answers 200 with the same receipt, and a 5xx acknowledged nothing.
/// With <c>test</c>, every declaration is sent as a test filing (X-EFiling-Test: true): checked like a real one,
/// answered with a receipt marked as a test, never reconciled, counted or reviewed.
/// </summary>
public sealed class SubmitClient(HttpClient http, string? functionKey, int retries = SubmitClient.DefaultRetries, bool test = false)
{
    public const int DefaultRetries = 4;

    // --retries 0: one try (Polly refuses a retry strategy of zero attempts).
    private readonly ResiliencePipeline<HttpResponseMessage> _retry = retries == 0 ? ResiliencePipeline<HttpResponseMessage>.Empty : new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = retries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            // Many retries (a service restarting) wait at most this long between two.
            MaxDelay = TimeSpan.FromSeconds(5),
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TaskCanceledException>(e => e.InnerException is TimeoutException)
                .HandleResult(r => r.StatusCode is HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
            // A 429 (or 503) says how long to wait: sooner would only be refused again. Null: the backoff above.
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
        })
        .Build();

    /// <summary>Longest Retry-After honoured; a longer one is waited this long (and the next answer says again).</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    public static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is not { } header) return null;
        var wait = header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, 0, MaxRetryAfter.Ticks)) : null;
    }

    public async Task<SubmitOutcome> SubmitAsync(string file, CancellationToken ct) =>
        await SubmitAsync(file, await File.ReadAllBytesAsync(file, ct), ct);

    /// <summary>Sends <paramref name="bytes"/>; <paramref name="file"/> names them in the outcome.</summary>
    public async Task<SubmitOutcome> SubmitAsync(string file, byte[] bytes, CancellationToken ct)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var attempts = new List<int>();
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _retry.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/filings") { Content = new ByteArrayContent(bytes) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (functionKey is not null) request.Headers.Add("x-functions-key", functionKey);
                if (test) request.Headers.Add("X-EFiling-Test", "true");
                try
                {
                    var answer = await http.SendAsync(request, token);
                    attempts.Add((int)answer.StatusCode);
                    return answer;
                }
                catch (Exception) when (!token.IsCancellationRequested)
                {
                    attempts.Add(0);
                    throw;
                }
            }, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            clock.Stop();
            var status = (int)response.StatusCode;
            var receipt = status is 200 or 202 ? ReadReceipt(body) : null;
            return new SubmitOutcome(file, status, clock.Elapsed, receipt?.Id, status is 200 or 202 ? [] : ReadCodes(body), null)
            {
                Sha256 = sha256, Attempts = attempts, TransactionCode = receipt?.TransactionCode, ReceivedAtUtc = receipt?.ReceivedAtUtc,
            };
        }
        catch (HttpRequestException e)
        {
            return new SubmitOutcome(file, 0, clock.Elapsed, null, [], e.Message) { Sha256 = sha256, Attempts = attempts };
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            // HttpClient's timeout: no answer either.
            return new SubmitOutcome(file, 0, clock.Elapsed, null, [], $"no answer within {http.Timeout.TotalSeconds:F0} s") { Sha256 = sha256, Attempts = attempts };
        }
    }

    private sealed record ReceiptFacts(string? Id, string? TransactionCode, string? ReceivedAtUtc);

    private static ReceiptFacts? ReadReceipt(string json)
    {
        try
        {
            var root = JsonDocument.Parse(json).RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new ReceiptFacts(Text("id"), Text("transactionCode"), Text("receivedAtUtc"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The codes of a problem+json refusal: every entry of `errors`, or the problem's own code.</summary>
    private static IReadOnlyList<string> ReadCodes(string json)
    {
        try
        {
            var root = JsonDocument.Parse(json).RootElement;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var codes = errors.EnumerateArray().Select(e => e.TryGetProperty("code", out var c) ? c.GetString() : null).OfType<string>().Distinct().ToList();
                if (codes.Count > 0) return codes;
            }
            return root.TryGetProperty("code", out var code) && code.GetString() is { } single ? [single] : ["HTTP_ERROR"];
        }
        catch (JsonException)
        {
            return ["HTTP_ERROR"];
        }
    }
}
