using System.Collections.Concurrent;
using System.Text.Json;
using EFiling.Declarations.Catalogue;

namespace EFiling.Review;

/// <summary>Labels of a form's figures and appendix columns, as data (Review/Labels/{form code}.json, embedded).
/// A form without a file, or a name without a label, shows the element name.</summary>
public static class FigureLabels
{
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, LocalizedText>> Cache = new();

    public static LocalizedText For(string form, string name) =>
        Of(form).TryGetValue(name, out var label) ? label : new LocalizedText(name, name);

    private static IReadOnlyDictionary<string, LocalizedText> Of(string form) => Cache.GetOrAdd(form, f =>
    {
        var resource = $"review-labels/{f.Replace('/', '-')}.json";
        using var stream = typeof(FigureLabels).Assembly.GetManifestResourceStream(resource);
        if (stream is null) return new Dictionary<string, LocalizedText>();
        using var json = JsonDocument.Parse(stream);
        return json.RootElement.GetProperty("labels").EnumerateObject().ToDictionary(
            p => p.Name, p => new LocalizedText(p.Value.GetProperty("vi").GetString()!, p.Value.GetProperty("en").GetString()!));
    });
}
