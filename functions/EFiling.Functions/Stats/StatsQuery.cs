using System.Text.RegularExpressions;
using EFiling.Declarations.Deadlines;
using EFiling.Statistics;

namespace EFiling.Functions.Stats;

/// <summary>
/// The parameters of GET /api/stats, checked: indicator (ids, comma-separated; default all), period (default the
/// current year in Vietnam time), office or province (default the nation), by (province, office, month; default
/// one level down), format (json or csv). Unknown parameters are refused so a typo never silently means "all".
/// </summary>
public sealed partial record StatsQuery(IReadOnlyList<Indicator> Indicators, StatsPeriod Period, GeoScope Scope, StatsService.Breakdown By, bool Csv)
{
    public const string ParameterUnknown = "STATS_PARAMETER_UNKNOWN";
    public const string IndicatorUnknown = "STATS_INDICATOR_UNKNOWN";
    public const string PeriodInvalid = "STATS_PERIOD_INVALID";
    public const string ScopeConflict = "STATS_SCOPE_CONFLICT";
    public const string OfficeInvalid = "STATS_OFFICE_INVALID";
    public const string ProvinceInvalid = "STATS_PROVINCE_INVALID";
    public const string BreakdownInvalid = "STATS_BY_INVALID";
    public const string FormatInvalid = "STATS_FORMAT_INVALID";

    private static readonly HashSet<string> Known = ["indicator", "period", "office", "province", "by", "format", "code"];

    public static (StatsQuery? Query, List<(string Code, string Parameter, string Message)> Errors) Parse(
        HttpRequest request, IndicatorCatalogue catalogue, TimeProvider clock)
    {
        var errors = new List<(string, string, string)>();
        var q = request.Query;
        // "code" is the function key under the Functions host.
        foreach (var name in q.Keys.Where(k => !Known.Contains(k)))
            errors.Add((ParameterUnknown, name, $"Unknown parameter '{name}'; use indicator, period, office or province, by, format."));

        var indicators = new List<Indicator>();
        foreach (var id in Values(q["indicator"]))
        {
            if (catalogue.Find(id) is { } found) { if (!indicators.Contains(found)) indicators.Add(found); }
            else errors.Add((IndicatorUnknown, "indicator", $"No indicator '{id}'; known: {string.Join(", ", catalogue.Indicators.Select(i => i.Id))}."));
        }
        if (indicators.Count == 0) indicators.AddRange(catalogue.Indicators);

        var period = StatsPeriod.OfYear(VietnamTime.DateOf(clock.GetUtcNow()).Year);
        if (Single(q, "period", errors) is { } p && !StatsPeriod.TryParse(p, out period))
            errors.Add((PeriodInvalid, "period", $"'{p}' is not a period: use 2026, 2026-Q3 or 2026-07."));
        else if (indicators.FirstOrDefault(i => !i.PeriodKinds.Contains(period.KindName)) is { } notFor)
            errors.Add((PeriodInvalid, "period", $"Indicator {notFor.Id} is not counted by {period.KindName}."));

        var scope = GeoScope.Nation;
        var office = Single(q, "office", errors);
        var province = Single(q, "province", errors);
        if (office is not null && province is not null)
            errors.Add((ScopeConflict, "office", "Give office or province, not both."));
        else if (office is not null)
        {
            if (Code().IsMatch(office)) scope = GeoScope.Office(office);
            else errors.Add((OfficeInvalid, "office", $"office '{office}' must be 2-10 letters or digits."));
        }
        else if (province is not null)
        {
            if (Code().IsMatch(province)) scope = GeoScope.Province(province);
            else errors.Add((ProvinceInvalid, "province", $"province '{province}' must be 2-10 letters or digits."));
        }

        var by = StatsService.Breakdown.Default;
        switch (Single(q, "by", errors))
        {
            case null: break;
            case "month": by = StatsService.Breakdown.Month; break;
            case "province" when scope.Level == GeoLevel.Nation: by = StatsService.Breakdown.Province; break;
            case "office" when scope.Level != GeoLevel.Office: by = StatsService.Breakdown.Office; break;
            case var other:
                errors.Add((BreakdownInvalid, "by", $"by '{other}' does not apply to {scope.LevelName}: use month, or a level below it."));
                break;
        }

        var csv = request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true);
        switch (Single(q, "format", errors))
        {
            case null: break;
            case "csv": csv = true; break;
            case "json": csv = false; break;
            case var other: errors.Add((FormatInvalid, "format", $"format '{other}' must be json or csv.")); break;
        }
        return errors.Count > 0 ? (null, errors) : (new StatsQuery(indicators, period, scope, by, csv), errors);
    }

    private static IEnumerable<string> Values(Microsoft.Extensions.Primitives.StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string? Single(IQueryCollection q, string name, List<(string, string, string)> errors)
    {
        if (!q.TryGetValue(name, out var values)) return null;
        if (values.Count > 1) errors.Add((ParameterUnknown, name, $"'{name}' is given {values.Count} times."));
        var value = values[0]?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    [GeneratedRegex("^[A-Za-z0-9]{2,10}$")]
    private static partial Regex Code();
}
