using System.Text.Json;
using System.Text.Json.Serialization;

namespace EFiling.Functions.Endpoints;

/// <summary>
/// What the Functions host POSTs to /{FunctionName} for a non-HTTP trigger:
/// <c>{"Data": {"msg": …}, "Metadata": {"DequeueCount": "1", "Id": …, "sys": {"MethodName": …}}}</c>.
/// </summary>
public sealed record InvocationRequest(
    [property: JsonPropertyName("Data")] Dictionary<string, JsonElement>? Data,
    [property: JsonPropertyName("Metadata")] Dictionary<string, JsonElement>? Metadata)
{
    /// <summary>A binding's value as text: the host sends a queue message as a JSON string (or, for JSON
    /// content, sometimes as the object itself, which we turn back into its text).</summary>
    public string? Text(string binding) =>
        Data is not null && Data.TryGetValue(binding, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;

    public string? MetadataText(string key) =>
        Metadata is not null && Metadata.TryGetValue(key, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;
}

/// <summary>What the host expects back: 200 with <c>{"Outputs": {…}, "Logs": […], "ReturnValue": …}</c>;
/// any other status is a failed invocation (the message is retried, then poisoned).</summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] Dictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);
