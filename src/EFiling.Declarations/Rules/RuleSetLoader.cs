using System.Text.Json;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Findings;

namespace EFiling.Declarations.Rules;

/// <summary>Reads a rules file (schemas/rules/*.rules.json) into a <see cref="RuleSet"/>.</summary>
public static class RuleSetLoader
{
    public static RuleSet Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var root = doc.RootElement;
        var form = root.GetProperty("form").GetString()!;

        var values = new Dictionary<string, ValueDefinition>(StringComparer.Ordinal);
        if (root.TryGetProperty("values", out var valuesJson))
        {
            foreach (var v in valuesJson.EnumerateObject()) values[v.Name] = ReadValue(v.Value, $"{path}: value {v.Name}");
        }

        var rules = root.GetProperty("rules").EnumerateArray().Select(r => ReadRule(r, path)).ToList();
        var duplicate = rules.GroupBy(r => r.Code).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidDataException($"{path}: rule code {duplicate.Key} appears twice.");
        return new RuleSet(form, values, rules);
    }

    private static ValueDefinition ReadValue(JsonElement json, string where)
    {
        if (json.ValueKind == JsonValueKind.String) return new ValueDefinition(json.GetString()!, ValueAggregate.Single, new Dictionary<string, string>());
        var filter = json.TryGetProperty("where", out var w)
            ? w.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
            : new Dictionary<string, string>();
        if (json.TryGetProperty("sum", out var sum)) return new ValueDefinition(sum.GetString()!, ValueAggregate.Sum, filter);
        if (json.TryGetProperty("count", out var count)) return new ValueDefinition(count.GetString()!, ValueAggregate.Count, filter);
        throw new InvalidDataException($"{where}: expected a path, {{\"sum\": path}} or {{\"count\": path}}.");
    }

    private static RuleDefinition ReadRule(JsonElement r, string path)
    {
        var code = r.GetProperty("code").GetString()!;
        var severity = r.GetProperty("severity").GetString() switch
        {
            "reject" => Severity.Reject,
            "review" => Severity.Review,
            "warn" => Severity.Warn,
            var s => throw new InvalidDataException($"{path}: rule {code} has unknown severity '{s}'."),
        };
        var message = r.GetProperty("message");
        var rule = new RuleDefinition
        {
            Code = code,
            Severity = severity,
            Message = new LocalizedText(message.GetProperty("vi").GetString()!, message.GetProperty("en").GetString()!),
            Assert = r.TryGetProperty("assert", out var a) ? a.GetString() : null,
            Pattern = r.TryGetProperty("pattern", out var p) ? new PatternCheck(p.GetProperty("path").GetString()!, p.GetProperty("regex").GetString()!) : null,
            Unique = r.TryGetProperty("unique", out var u) ? new UniqueCheck(u.GetProperty("path").GetString()!, u.GetProperty("key").GetString()!) : null,
        };
        var kinds = (rule.Assert is null ? 0 : 1) + (rule.Pattern is null ? 0 : 1) + (rule.Unique is null ? 0 : 1);
        if (kinds != 1) throw new InvalidDataException($"{path}: rule {code} must have exactly one of assert, pattern, unique.");
        return rule;
    }
}
