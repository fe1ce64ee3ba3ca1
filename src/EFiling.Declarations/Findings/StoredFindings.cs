using System.Text.Json;

namespace EFiling.Declarations.Findings;

/// <summary>The findings kept with a filing (review and warn ones; reject ones never get this far), as JSON.</summary>
public static class StoredFindings
{
    // A table property holds at most 64 KiB (32K characters); a filing with more findings keeps the first ones.
    private const int MaxChars = 30_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static (string Json, int ReviewCount) Serialize(IReadOnlyList<Finding> findings)
    {
        var review = findings.Count(f => f.Severity >= Severity.Review);
        var kept = findings.ToList();
        var json = JsonSerializer.Serialize(kept, Json);
        while (json.Length > MaxChars && kept.Count > 0)
        {
            kept.RemoveAt(kept.Count - 1);
            json = JsonSerializer.Serialize(kept, Json);
        }
        return (json, review);
    }

    public static IReadOnlyList<Finding> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<Finding>>(json, Json) ?? [];
}
