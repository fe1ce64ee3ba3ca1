using System.Globalization;
using System.Text;
using EFiling.Statistics;

namespace EFiling.Functions.Statistics;

/// <summary>
/// The CSV export of an answer (RFC 4180, UTF-8 with BOM so spreadsheet programs read the Vietnamese names):
/// one line per indicator and scope, the asked scope first (row = total), then its breakdown (row = province,
/// office or month). Shares are fractions with invariant decimals; empty when there is no denominator.
/// </summary>
public static class StatsCsv
{
    private static readonly string[] Header =
        ["indicator", "programme", "unit", "row", "period", "scope", "code", "name", "numerator", "denominator", "share", "target", "gap"];

    public static byte[] Write(StatsAnswer answer)
    {
        var text = new StringBuilder();
        Line(text, Header);
        foreach (var indicator in answer.Indicators)
        {
            Row(text, indicator, "total", indicator.Total);
            foreach (var row in indicator.Breakdown) Row(text, indicator, answer.By ?? "", row);
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void Row(StringBuilder text, IndicatorStats indicator, string kind, StatsRow row) =>
        Line(text, [indicator.Id, indicator.Programme, indicator.Unit, kind, row.Period, row.Scope, row.Code, row.Name ?? "",
            row.Numerator.ToString(CultureInfo.InvariantCulture), row.Denominator.ToString(CultureInfo.InvariantCulture),
            Number(row.Share), Number(row.Target), Number(row.Gap)]);

    private static string Number(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "";

    private static void Line(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(',', fields.Select(Quote));
        text.Append("\r\n");
    }

    // Quoted when needed; a leading = + - @ is prefixed with ' so a spreadsheet never runs a name as a formula.
    private static string Quote(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '@' && !double.TryParse(field, CultureInfo.InvariantCulture, out _)) field = "'" + field;
        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
    }
}
