namespace EFiling.Declarations.Identifiers;

/// <summary>The kieuKy of a declaration: month, quarter, year or per occurrence (từng lần phát sinh).</summary>
public enum PeriodKind
{
    Month,
    Quarter,
    Year,
    Occurrence,
}

public static class PeriodKindCodes
{
    /// <summary>The one-letter code used in the XML (M, Q, Y, D).</summary>
    public static string ToCode(this PeriodKind kind) => kind switch
    {
        PeriodKind.Month => "M",
        PeriodKind.Quarter => "Q",
        PeriodKind.Year => "Y",
        PeriodKind.Occurrence => "D",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? code, out PeriodKind kind)
    {
        (var ok, kind) = code switch
        {
            "M" => (true, PeriodKind.Month),
            "Q" => (true, PeriodKind.Quarter),
            "Y" => (true, PeriodKind.Year),
            "D" => (true, PeriodKind.Occurrence),
            _ => (false, default),
        };
        return ok;
    }
}
