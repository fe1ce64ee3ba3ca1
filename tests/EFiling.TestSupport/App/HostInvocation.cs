using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace EFiling.Functions.Tests.Infrastructure;

/// <summary>Calls the queue-triggered function the way the Functions host does: POST /ReconcileFiling.</summary>
public static class HostInvocation
{
    /// <summary>The host's invocation payload for a filings-received message; returns the status and the parsed body
    /// (null when the body is not JSON, which the host could not read either).</summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> ReconcileAsync(ITestApp app, string message, int dequeueCount)
    {
        var invocation = new JsonObject
        {
            ["Data"] = new JsonObject { ["msg"] = message },
            ["Metadata"] = new JsonObject { ["DequeueCount"] = $"{dequeueCount}", ["Id"] = Guid.NewGuid().ToString() },
        };
        using var response = await app.Client.PostAsync("/ReconcileFiling", new StringContent(invocation.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        try { body = text.Length > 0 ? JsonNode.Parse(text) : null; } catch (System.Text.Json.JsonException) { }
        return (response.StatusCode, body);
    }
}
