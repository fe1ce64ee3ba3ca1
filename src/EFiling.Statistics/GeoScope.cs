namespace EFiling.Statistics;

public enum GeoLevel { Office, Province, Nation }

/// <summary>Where a count applies: one office, one province (its offices) or the nation. Roll-ups go office → province → nation.</summary>
public sealed record GeoScope(GeoLevel Level, string Code)
{
    public static readonly GeoScope Nation = new(GeoLevel.Nation, IndicatorCatalogue.Nation);

    public static GeoScope Office(string code) => new(GeoLevel.Office, code);
    public static GeoScope Province(string code) => new(GeoLevel.Province, code);

    public string Key => $"{Level.ToString().ToLowerInvariant()}:{Code}";

    public string LevelName => Level.ToString().ToLowerInvariant();

    /// <summary>The level one down, whose scopes a breakdown lists (none below an office).</summary>
    public GeoLevel? ChildLevel => Level switch { GeoLevel.Nation => GeoLevel.Province, GeoLevel.Province => GeoLevel.Office, _ => null };

    /// <summary>An office, its province and the nation: every scope an item at this office counts in.</summary>
    public static IReadOnlyList<GeoScope> Containing(string office, IndicatorCatalogue catalogue) =>
        [Office(office), Province(catalogue.ProvinceOf(office)), Nation];

    public GeoScope? Parent(IndicatorCatalogue catalogue) => Level switch
    {
        GeoLevel.Office => Province(catalogue.ProvinceOf(Code)),
        GeoLevel.Province => Nation,
        _ => null,
    };

    public int Shards(ShardCounts shards) => Level switch
    {
        GeoLevel.Office => shards.Office,
        GeoLevel.Province => shards.Province,
        _ => shards.Nation,
    };

    public static GeoScope FromKey(string key)
    {
        var (level, code) = (key[..key.IndexOf(':')], key[(key.IndexOf(':') + 1)..]);
        return new GeoScope(Enum.Parse<GeoLevel>(level, ignoreCase: true), code);
    }
}
