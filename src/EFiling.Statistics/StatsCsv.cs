using System.Globalization;
using CsvHelper;

namespace EFiling.Statistics;

/// <summary>
/// The CSV export of an answer (RFC 4180 through CsvHelper, UTF-8 with BOM so spreadsheet programs read the Vietnamese
/// names): one line per indicator and scope, the asked scope first (row = total), then its breakdown (row = province,
/// office or month). Shares are fractions with invariant decimals; empty when there is no denominator.
/// </summary>
public static class StatsCsv
{
    private static readonly string[] Header =
        ["indicator", "programme", "unit", "row", "period", "scope", "code", "name", "numerator", "denominator", "share", "target", "gap"];

    public static byte[] Write(StatsAnswer answer)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true }, leaveOpen: true))
        {
            csv.WriteRecord(Header);
            foreach (var indicator in answer.Indicators)
            {
                csv.WriteRecord(Row(indicator, "total", indicator.Total));
                foreach (var row in indicator.Breakdown) csv.WriteRecord(Row(indicator, answer.By ?? "", row));
            }
        }
        return stream.ToArray();
    }

    private static string[] Row(IndicatorStats indicator, string kind, StatsRow row) =>
        [Text(indicator.Id), Text(indicator.Programme), Text(indicator.Unit), Text(kind), Text(row.Period), Text(row.Scope), Text(row.Code), Text(row.Name ?? ""),
            row.Numerator.ToString(CultureInfo.InvariantCulture), row.Denominator.ToString(CultureInfo.InvariantCulture),
            Number(row.Share), Number(row.Target), Number(row.Gap)];

    private static string Number(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A text cell that starts with = + - or @ and is not a plain number (a formula to a spreadsheet: CSV
    /// injection) is prefixed with ', which spreadsheets read as "this cell is text"; so a negative gap stays a number.
    /// (CsvHelper's own Injection option would prefix every string field, the formatted numbers included.)</summary>
    public static string Text(string field) =>
        field.Length > 0 && field[0] is '=' or '+' or '-' or '@' && !double.TryParse(field, CultureInfo.InvariantCulture, out _) ? "'" + field : field;
}
