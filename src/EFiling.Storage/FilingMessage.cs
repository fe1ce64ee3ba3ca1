using System.Text.Json;
using System.Text.Json.Serialization;

namespace EFiling.Storage;

/// <summary>The filings-received message: ids only (a queue message is at most 64 KiB), never the document.</summary>
public sealed record FilingMessage(
    [property: JsonPropertyName("filingId")] string FilingId,
    [property: JsonPropertyName("partitionKey")] string PartitionKey,
    [property: JsonPropertyName("rowKey")] string RowKey,
    [property: JsonPropertyName("sha256")] string Sha256)
{
    public static FilingMessage For(FilingFacts f) => new(f.Id, f.PartitionKey, f.Id, f.Sha256);

    public string ToJson() => JsonSerializer.Serialize(this);

    public static FilingMessage? FromJson(string json)
    {
        try { return JsonSerializer.Deserialize<FilingMessage>(json); }
        catch (JsonException) { return null; }
    }
}
