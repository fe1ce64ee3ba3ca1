using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EFiling.Storage;

/// <summary>The filings-received message: ids only (a queue message is at most 64 KiB), never the document.</summary>
/// <param name="TraceParent">The W3C traceparent of the request that took the filing in, when there was one: its
/// reconciliation continues that trace, so the submission's correlation id finds the decision's log lines too.</param>
public sealed record FilingMessage(
    [property: JsonPropertyName("filingId")] string FilingId,
    [property: JsonPropertyName("partitionKey")] string PartitionKey,
    [property: JsonPropertyName("rowKey")] string RowKey,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("traceparent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceParent = null)
{
    public static FilingMessage For(FilingFacts f) =>
        new(f.Id, f.PartitionKey, f.Id, f.Sha256, Activity.Current is { IdFormat: ActivityIdFormat.W3C } a ? a.Id : null);

    public string ToJson() => JsonSerializer.Serialize(this);

    public static FilingMessage? FromJson(string json)
    {
        try { return JsonSerializer.Deserialize<FilingMessage>(json); }
        catch (JsonException) { return null; }
    }
}
