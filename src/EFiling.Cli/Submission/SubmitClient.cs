using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Polly;
using Polly.Retry;

namespace EFiling.Cli.Submission;

/// <summary>
/// Posts declarations to the service. Transient faults (connection errors, 429, 503) are retried with
/// backoff by Polly; a refusal is an answer, never retried. Resubmitting identical bytes is safe: the
/// service answers 200 with the same receipt.
/// </summary>
public sealed class SubmitClient(HttpClient http, string? functionKey)
{
    private static readonly ResiliencePipeline<HttpResponseMessage> Retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 4,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .HandleResult(r => r.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable),
        })
        .Build();

    public async Task<SubmitOutcome> SubmitAsync(string file, CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(file, ct);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await Retry.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/filings") { Content = new ByteArrayContent(bytes) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (functionKey is not null) request.Headers.Add("x-functions-key", functionKey);
                return await http.SendAsync(request, token);
            }, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            clock.Stop();
            var status = (int)response.StatusCode;
            return new SubmitOutcome(file, status, clock.Elapsed, status is 200 or 202 ? ReadId(body) : null, status is 200 or 202 ? [] : ReadCodes(body), null);
        }
        catch (HttpRequestException e)
        {
            return new SubmitOutcome(file, 0, clock.Elapsed, null, [], e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            // HttpClient's timeout: no answer either.
            return new SubmitOutcome(file, 0, clock.Elapsed, null, [], $"no answer within {http.Timeout.TotalSeconds:F0} s");
        }
    }

    private static string? ReadId(string json)
    {
        try
        {
            return JsonDocument.Parse(json).RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
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
