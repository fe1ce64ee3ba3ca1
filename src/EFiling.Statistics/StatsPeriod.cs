using System.Globalization;
using System.Text.RegularExpressions;

namespace EFiling.Statistics;

public enum PeriodLevel { Month, Quarter, Year }

/// <summary>
/// A counting period by the date an item was received or paid (Vietnam time): a month, a quarter or a year.
/// Keys sort and match the filing index's period keys: 2025-M07, 2025-Q3, 2025-Y.
/// </summary>
public sealed partial record StatsPeriod(PeriodLevel Level, int Year, int Number)
{
    public string Key => Level switch
    {
        PeriodLevel.Month => $"{Year:0000}-M{Number:00}",
        PeriodLevel.Quarter => $"{Year:0000}-Q{Number}",
        _ => $"{Year:0000}-Y",
    };

    /// <summary>The names used by indicators' periodKinds.</summary>
    public string KindName => Level.ToString().ToLowerInvariant();

    public static StatsPeriod Month(int year, int month) => new(PeriodLevel.Month, year, month);
    public static StatsPeriod OfYear(int year) => new(PeriodLevel.Year, year, 0);

    /// <summary>The month, quarter and year a date falls in: every period an item counts in.</summary>
    public static IReadOnlyList<StatsPeriod> Containing(DateOnly date) =>
        [Month(date.Year, date.Month), new(PeriodLevel.Quarter, date.Year, (date.Month + 2) / 3), OfYear(date.Year)];

    /// <summary>The months inside this period, in order (the trend).</summary>
    public IReadOnlyList<StatsPeriod> Months() => Level switch
    {
        PeriodLevel.Month => [this],
        PeriodLevel.Quarter => Enumerable.Range((Number - 1) * 3 + 1, 3).Select(m => Month(Year, m)).ToList(),
        _ => Enumerable.Range(1, 12).Select(m => Month(Year, m)).ToList(),
    };

    /// <summary>Reads 2025, 2025-Y, 2025-Q3, 2025-07 or 2025-M07.</summary>
    public static bool TryParse(string? text, out StatsPeriod period)
    {
        period = OfYear(0);
        var m = Pattern().Match(text?.Trim() ?? "");
        if (!m.Success) return false;
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (m.Groups["q"].Success)
        {
            var q = int.Parse(m.Groups["q"].Value, CultureInfo.InvariantCulture);
            if (q is < 1 or > 4) return false;
            period = new(PeriodLevel.Quarter, year, q);
        }
        else if (m.Groups["m"].Success)
        {
            var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12) return false;
            period = Month(year, month);
        }
        else period = OfYear(year);
        return true;
    }

    [GeneratedRegex("^(?<y>[0-9]{4})(-Y|-Q(?<q>[0-9])|-M?(?<m>[0-9]{2}))?$")]
    private static partial Regex Pattern();
}
