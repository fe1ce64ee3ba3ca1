using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EFiling.Storage;

/// <summary>
/// The filings-received message: the filing's keys and, so that reconciliation needs no read to know what it decides
/// on, its facts (<see cref="Facts"/>, with the verified signer), the findings intake kept (<see cref="FindingsJson"/>)
/// and what the declaration says beyond the receipt (<see cref="Declaration"/>). Never the document itself. A message
/// queued by an earlier version carries the keys only: reconciliation then reads the row and the stored document.
/// </summary>
/// <param name="TraceParent">The W3C traceparent of the request that took the filing in, when there was one: its
/// reconciliation continues that trace, so the submission's correlation id finds the decision's log lines too.</param>
public sealed record FilingMessage(
    [property: JsonPropertyName("filingId")] string FilingId,
    [property: JsonPropertyName("partitionKey")] string PartitionKey,
    [property: JsonPropertyName("rowKey")] string RowKey,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("traceparent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TraceParent = null)
{
    /// <summary>Longest message text: a queue message is at most 64 KiB (48 KiB before base64), and the outbox keeps the
    /// text in one table property (at most 32K characters). The text is ASCII (non-ASCII characters are escaped).</summary>
    public const int MaxChars = 30_000;

    [JsonPropertyName("facts")] public FilingFacts? Facts { get; init; }

    /// <summary>The kept intake findings (review and warn) as stored in the filing row; null when they did not fit in
    /// the message (then the row, or the stored document, has them).</summary>
    [JsonPropertyName("findings")] public string? FindingsJson { get; init; }

    [JsonPropertyName("declaration")] public DeclarationFacts? Declaration { get; init; }

    /// <summary>The keys only, as an earlier version queued it (reconciliation then reads the row and the document).</summary>
    public static FilingMessage For(FilingFacts f) => new(f.Id, f.PartitionKey, f.Id, f.Sha256, CurrentTraceParent());

    public static FilingMessage For(FilingFacts f, string findingsJson, DeclarationFacts declaration)
    {
        var message = new FilingMessage(f.Id, f.PartitionKey, f.Id, f.Sha256, CurrentTraceParent()) { Facts = f, FindingsJson = findingsJson, Declaration = declaration };
        return message.ToJson().Length <= MaxChars ? message : message with { FindingsJson = null };
    }

    private static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } a ? a.Id : null;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static FilingMessage? FromJson(string json)
    {
        try { return JsonSerializer.Deserialize<FilingMessage>(json, Json); }
        catch (JsonException) { return null; }
    }

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
