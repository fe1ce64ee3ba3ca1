using System.Globalization;
using CsvHelper;

namespace EFiling.Statistics;

/// <summary>
/// CSV imports (RFC 4180, UTF-8, header row, column names case-insensitive):
/// counter filings <c>reference,mst,form,office,officeName,receivedOn[,kind]</c>;
/// payments <c>reference,mst,amount,paidOn,channel,office[,officeName]</c>.
/// Every row is checked; errors name the line and field.
/// </summary>
public static class ChannelCsv
{
    public static (List<CountedItem> Items, List<InputError> Errors) CounterFilings(TextReader text, ChannelItems items) =>
        Read(text, ["reference", "mst", "office", "receivedOn"], (row, line) => items.CounterFiling(
            row("reference"), row("mst"), row("form"), row("kind"), row("office"), row("officeName"), row("receivedOn"), line));

    public static (List<CountedItem> Items, List<InputError> Errors) Payments(TextReader text, ChannelItems items) =>
        Read(text, ["reference", "mst", "amount", "paidOn", "channel", "office"], (row, line) => items.Payment(
            row("reference"), row("mst"), row("amount"), row("paidOn"), row("channel"), row("office"), row("officeName"), line));

    private static (List<CountedItem>, List<InputError>) Read(TextReader text, string[] required,
        Func<Func<string, string?>, int, (CountedItem? Item, List<InputError> Errors)> make)
    {
        var items = new List<CountedItem>();
        var errors = new List<InputError>();
        var options = new CsvReaderOptions
        {
            Separator = ',', HasHeader = true, TrimWhitespace = true, TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw, MaxRecordSize = 64 * 1024,
        };
        using var csv = CsvReader.Create(text, options, leaveOpen: true);
        try
        {
            csv.ReadHeader();
            // Names are matched trimmed and without case (the library's loose header index).
            var headers = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
            if (headers.Count == 0) return (items, [new InputError(InputError.Empty, "The CSV has no header row.")]);
            var missing = required.Where(r => !headers.Contains(r.ToLowerInvariant())).ToList();
            if (missing.Count > 0)
                return (items, [new InputError(InputError.Missing, $"The header lacks column(s): {string.Join(", ", missing)}.", 1)]);
            while (csv.Read())
            {
                string? Field(string name) => headers.Contains(name.ToLowerInvariant()) ? csv.GetStringOrNull(name) : null;
                var (item, rowErrors) = make(Field, (int)csv.LineNumber);
                if (item is not null) items.Add(item);
                errors.AddRange(rowErrors);
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(new InputError(InputError.CsvMalformed, $"Not readable as CSV: {e.Message.Split('\n')[0]}", (int)csv.LineNumber));
        }
        if (items.Count == 0 && errors.Count == 0) errors.Add(new InputError(InputError.Empty, "The CSV has no data rows."));
        return (items, errors);
    }
}
