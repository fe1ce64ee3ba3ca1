using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EFiling.Functions.Tests.Infrastructure;

/// <summary>Small helpers for calling the API the way a vendor's client would.</summary>
public static class Api
{
    /// <param name="test">Sends X-EFiling-Test: true (a test filing).</param>
    /// <param name="key">Sends it as x-functions-key (the vendor).</param>
    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, byte[] body, string contentType = "application/xml", string? accept = null,
        bool test = false, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/filings") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        if (test) request.Headers.Add("X-EFiling-Test", "true");
        if (key is not null) request.Headers.Add("x-functions-key", key);
        return client.SendAsync(request);
    }

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new JsonException("empty body");

    /// <summary>Polls GET /api/filings/{id} until its status is the expected one and its history has caught up (the
    /// history row follows the status write), or the time is up. On timeout the exception carries the tail of the
    /// app's log, so a failure on CI says what the app was doing (a retry it deferred, a storage error, a message it
    /// never saw).</summary>
    public static async Task<JsonNode> WaitForStatusAsync(this ITestApp app, string id, string status, TimeSpan timeout)
    {
        try
        {
            return await PollStatusAsync(app.Client, id, status, timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}{Environment.NewLine}App log (last lines):{Environment.NewLine}{app.OutputTail()}", e);
        }
    }

    private static async Task<JsonNode> PollStatusAsync(HttpClient client, string id, string status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync($"/api/filings/{id}");
            if (response.IsSuccessStatusCode)
            {
                last = await response.JsonAsync();
                if ((string?)last["status"] == status && (string?)last["history"]?.AsArray().LastOrDefault()?["status"] == status) return last;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Filing {id} did not reach {status}; last: {last?.ToJsonString() ?? "not found"}");
    }
}

public static class ApiReads
{
    public static async Task<JsonNode> GetFromJsonNodeAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.JsonAsync();
    }
}
