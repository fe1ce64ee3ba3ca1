using System.Text.Json;
using EFiling.Declarations.Catalogue;

namespace EFiling.Statistics;

/// <summary>A label in both languages of the dashboard.</summary>
public sealed record LocalText(string Vi, string En);

public sealed record Programme(string Id, LocalText Name);

/// <summary>A kind of counted item (tax declarations, SI declarations, payments) and the channels it may arrive by.</summary>
public sealed record ItemKind(string? Family, IReadOnlyList<string> Channels, LocalText Name);

/// <summary>One side of an indicator: items of a kind, restricted to some channels (none listed = every channel).</summary>
public sealed record Measure(string Kind, IReadOnlyList<string>? Channels);

/// <summary>An indicator: numerator over denominator, counted in documents or distinct organisations, against a target.</summary>
public sealed record Indicator(string Id, string Programme, LocalText Name, string Unit, Measure Numerator, Measure Denominator,
    double Target, IReadOnlyList<string> PeriodKinds)
{
    public const string Documents = "documents";
    public const string Organisations = "organisations";
}

/// <summary>Counter shards per geographic level: a partition that every item of a province or the nation would hit is split.</summary>
public sealed record ShardCounts(int Office, int Province, int Nation);

public sealed record ProvinceMap(Dictionary<string, string> ByOffice, Dictionary<string, string> Names);

/// <summary>schemas/indicators.json: what is counted and against which targets. Checked on load.</summary>
public sealed record IndicatorCatalogue(
    IReadOnlyList<Programme> Programmes,
    IReadOnlyDictionary<string, ItemKind> Kinds,
    IReadOnlyList<Indicator> Indicators,
    ShardCounts Shards,
    ProvinceMap Provinces)
{
    public const string Nation = "VN";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IndicatorCatalogue Load(string? schemasFolder = null)
    {
        var path = Path.Combine(schemasFolder ?? FormCatalogue.DefaultSchemasFolder(), "indicators.json");
        var catalogue = JsonSerializer.Deserialize<IndicatorCatalogue>(File.ReadAllBytes(path), Json)
            ?? throw new InvalidDataException($"{path} is empty.");
        catalogue.Check();
        return catalogue;
    }

    public Indicator? Find(string id) => Indicators.FirstOrDefault(i => i.Id == id);

    /// <summary>The kind a declaration of this catalogue family counts as (tax → tax, social-insurance → si).</summary>
    public string? KindOfFamily(string family) => Kinds.FirstOrDefault(k => k.Value.Family == family).Key;

    /// <summary>Numeric office codes start with their province's 3 digits; other codes are listed in the file.</summary>
    public string ProvinceOf(string office) =>
        Provinces.ByOffice.TryGetValue(office, out var p) ? p : office.Length >= 3 ? office[..3] : office;

    public string? ProvinceName(string code) => Provinces.Names.GetValueOrDefault(code);

    private void Check()
    {
        if (Shards is null || Shards.Office < 1 || Shards.Province < 1 || Shards.Nation < 1)
            throw new InvalidDataException("indicators.json: every shard count must be at least 1.");
        foreach (var i in Indicators)
        {
            foreach (var m in new[] { i.Numerator, i.Denominator })
            {
                if (!Kinds.TryGetValue(m.Kind, out var kind)) throw new InvalidDataException($"indicators.json: {i.Id} names unknown kind '{m.Kind}'.");
                if (m.Channels?.Except(kind.Channels).FirstOrDefault() is { } bad) throw new InvalidDataException($"indicators.json: {i.Id} names unknown channel '{bad}'.");
            }
            if (i.Unit is not (Indicator.Documents or Indicator.Organisations)) throw new InvalidDataException($"indicators.json: {i.Id} has unit '{i.Unit}'.");
            // Distinct counts per channel do not add up (an organisation may use two channels), so one channel at most.
            if (i.Unit == Indicator.Organisations && i.Numerator.Channels is { Count: > 1 })
                throw new InvalidDataException($"indicators.json: {i.Id} counts organisations over several channels.");
            if (i.Target is <= 0 or > 1) throw new InvalidDataException($"indicators.json: {i.Id} target must be in (0, 1].");
            if (Programmes.All(p => p.Id != i.Programme)) throw new InvalidDataException($"indicators.json: {i.Id} names unknown programme '{i.Programme}'.");
        }
    }
}
