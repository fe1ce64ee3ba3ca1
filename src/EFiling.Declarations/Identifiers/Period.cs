using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EFiling.Declarations.Identifiers;

/// <summary>
/// A declaration period: a month ("10/2024"), a quarter ("3/2024"), a year ("2024") or one occurrence
/// (the date the obligation arose, "15/10/2024"), as written in kyKKhai.
/// </summary>
public readonly record struct Period(PeriodKind Kind, int Year, int Number, DateOnly? OccurredOn = null)
{
    /// <summary>First day of the period.</summary>
    public DateOnly Start => Kind switch
    {
        PeriodKind.Month => new DateOnly(Year, Number, 1),
        PeriodKind.Quarter => new DateOnly(Year, (Number - 1) * 3 + 1, 1),
        PeriodKind.Year => new DateOnly(Year, 1, 1),
        _ => OccurredOn!.Value,
    };

    /// <summary>Last day of the period.</summary>
    public DateOnly End => Kind switch
    {
        PeriodKind.Month => Start.AddMonths(1).AddDays(-1),
        PeriodKind.Quarter => Start.AddMonths(3).AddDays(-1),
        PeriodKind.Year => new DateOnly(Year, 12, 31),
        _ => OccurredOn!.Value,
    };

    /// <summary>A sortable key for storage: 2024-M10, 2024-Q3, 2024-Y, 2024-D1015.</summary>
    public string Key => Kind switch
    {
        PeriodKind.Month => $"{Year:0000}-M{Number:00}",
        PeriodKind.Quarter => $"{Year:0000}-Q{Number}",
        PeriodKind.Year => $"{Year:0000}-Y",
        _ => $"{Year:0000}-D{OccurredOn!.Value:MMdd}",
    };

    /// <summary>The period as the declaration writes it in kyKKhai.</summary>
    public override string ToString() => Kind switch
    {
        PeriodKind.Month => $"{Number:00}/{Year:0000}",
        PeriodKind.Quarter => $"{Number}/{Year:0000}",
        PeriodKind.Year => $"{Year:0000}",
        _ => OccurredOn!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
    };

    public static Period Month(int year, int month) =>
        month is < 1 or > 12 ? throw new ArgumentOutOfRangeException(nameof(month)) : new(PeriodKind.Month, year, month);

    public static Period Quarter(int year, int quarter) =>
        quarter is < 1 or > 4 ? throw new ArgumentOutOfRangeException(nameof(quarter)) : new(PeriodKind.Quarter, year, quarter);

    public static Period OfYear(int year) => new(PeriodKind.Year, year, 0);

    public static Period Occurrence(DateOnly date) => new(PeriodKind.Occurrence, date.Year, 0, date);

    /// <summary>Reads kyKKhai for the given kieuKy. An occurrence may also be given by its from-date.</summary>
    public static bool TryParse(PeriodKind kind, string? text, [NotNullWhen(true)] out Period? period)
    {
        period = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        switch (kind)
        {
            case PeriodKind.Month or PeriodKind.Quarter:
                var slash = text.IndexOf('/');
                if (slash < 1 || !int.TryParse(text[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    || !TryYear(text[(slash + 1)..], out var y)) return false;
                var max = kind == PeriodKind.Month ? 12 : 4;
                if (n < 1 || n > max) return false;
                period = new Period(kind, y, n);
                return true;
            case PeriodKind.Year:
                if (!TryYear(text, out var year)) return false;
                period = OfYear(year);
                return true;
            default:
                if (!DateOnly.TryParseExact(text, ["dd/MM/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
                period = Occurrence(d);
                return true;
        }
    }

    private static bool TryYear(string text, out int year) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && text.Length == 4 && year is >= 1990 and <= 2200;
}
