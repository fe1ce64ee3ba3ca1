using System.Text.Json;
using System.Text.Json.Nodes;

namespace EFiling.Infra.Tests;

/// <summary>Small helpers to walk ARM JSON (compiled templates and `bicep snapshot` output).</summary>
public static class Arm
{
    public const string DeploymentsType = "Microsoft.Resources/deployments";

    /// <summary>
    /// Every resource of a template, including those inside nested (module) deployments, depth first.
    /// Handles both the array form and the symbolic-name (languageVersion 2.0) object form.
    /// </summary>
    public static IEnumerable<JsonObject> TemplateResources(JsonObject template)
    {
        foreach (var resource in ResourceList(template))
        {
            yield return resource;
            if (IsType(resource, DeploymentsType)
                && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in TemplateResources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Every template in the file: the top one and each nested deployment's template.</summary>
    public static IEnumerable<JsonObject> Templates(JsonObject template)
    {
        yield return template;
        foreach (var resource in TemplateResources(template))
        {
            if (IsType(resource, DeploymentsType) && resource["properties"]?["template"] is JsonObject nested)
            {
                yield return nested;
            }
        }
    }

    /// <summary>The resources `bicep snapshot` predicts, fully expanded (copy loops unrolled).</summary>
    public static IReadOnlyList<JsonObject> SnapshotResources(JsonObject snapshot) =>
        snapshot["predictedResources"] is JsonArray array
            ? array.OfType<JsonObject>().ToList()
            : throw new InvalidDataException("snapshot has no predictedResources array");

    public static IEnumerable<JsonObject> OfType(IEnumerable<JsonObject> resources, string type) =>
        resources.Where(r => IsType(r, type));

    public static bool IsType(JsonObject resource, string type) =>
        string.Equals(Str(resource["type"]), type, StringComparison.OrdinalIgnoreCase);

    /// <summary>The string value of a node, or null when it is absent or not a string.</summary>
    public static string? Str(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>True only for a JSON literal <c>true</c> (an expression string is not a decided value).</summary>
    public static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>True only for a JSON literal <c>false</c>.</summary>
    public static bool IsFalse(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.False;

    public static int? Int(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) ? i : null;

    /// <summary>An ARM template expression is a string in square brackets ("[parameters('x')]").</summary>
    public static bool IsExpression(string? value) =>
        value is { Length: >= 2 } && value[0] == '[' && value[^1] == ']' && !value.StartsWith("[[", StringComparison.Ordinal);

    /// <summary>The last segment of a resource name ("account/default/filings" gives "filings").</summary>
    public static string LastSegment(string name) => name[(name.LastIndexOf('/') + 1)..];

    /// <summary>A short description of a resource for messages.</summary>
    public static string Describe(JsonObject resource) => $"{Str(resource["type"])} '{Str(resource["name"])}'";

    /// <summary>The resources written directly in a template (not those of its nested deployments), in either form.</summary>
    public static IEnumerable<JsonObject> ResourceList(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };
}
