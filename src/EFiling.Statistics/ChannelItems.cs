using System.Globalization;
using System.Text.RegularExpressions;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Identifiers;

namespace EFiling.Statistics;

/// <summary>
/// Turns the fields of a paper (counter) filing or a tax payment into a <see cref="CountedItem"/>, checking each field.
/// Shared by JSON, CSV and the XML payment notice, so every input gives the same errors.
/// </summary>
public sealed partial class ChannelItems(IndicatorCatalogue indicators, FormCatalogue forms)
{
    public const string Paper = "paper";
    public const string PaymentKind = "pay";

    /// <summary>A declaration registered at the counter: always the paper channel. Its id is office + reference (offices number their own).</summary>
    public (CountedItem? Item, List<InputError> Errors) CounterFiling(string? reference, string? mst, string? form, string? kind,
        string? office, string? officeName, string? receivedOn, int? line = null)
    {
        var errors = new List<InputError>();
        Common(reference, mst, office, errors, line);
        var date = Date(receivedOn, "receivedOn", errors, line);
        string? itemKind = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            itemKind = kind.Trim();
            if (itemKind == PaymentKind || !indicators.Kinds.ContainsKey(itemKind))
                errors.Add(new(InputError.FormUnknown, $"Kind '{itemKind}' is not a declaration kind in indicators.json.", line, "kind"));
        }
        else if (string.IsNullOrWhiteSpace(form)) errors.Add(new(InputError.Missing, "form (or kind) is required.", line, "form"));
        else if (forms.FormByCode(form.Trim()) is not { } definition || indicators.KindOfFamily(definition.Family) is not { } k)
            errors.Add(new(InputError.FormUnknown, $"Form '{form}' is not in the catalogue; give its kind (tax or si).", line, "form"));
        else itemKind = k;
        if (errors.Count > 0) return (null, errors);
        return (new CountedItem(CountedItem.CounterFiling, $"{office!.Trim()}-{reference!.Trim()}", itemKind!, Paper, Mst.Parse(mst!.Trim()).ToString(),
            office.Trim(), Blank(officeName), date!.Value), errors);
    }

    /// <summary>A tax payment with its channel (electronic, counter, bank-transfer).</summary>
    public (CountedItem? Item, List<InputError> Errors) Payment(string? reference, string? mst, string? amount, string? paidOn,
        string? channel, string? office, string? officeName, int? line = null)
    {
        var errors = new List<InputError>();
        Common(reference, mst, office, errors, line);
        var date = Date(paidOn, "paidOn", errors, line);
        if (!long.TryParse(amount?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            errors.Add(new(InputError.AmountInvalid, $"amount must be a positive whole number of đồng, not '{amount}'.", line, "amount"));
        var channels = indicators.Kinds[PaymentKind].Channels;
        if (string.IsNullOrWhiteSpace(channel) || !channels.Contains(channel.Trim()))
            errors.Add(new(InputError.ChannelUnknown, $"channel must be one of {string.Join(", ", channels)}, not '{channel}'.", line, "channel"));
        if (errors.Count > 0) return (null, errors);
        return (new CountedItem(CountedItem.Payment, $"{office!.Trim()}-{reference!.Trim()}", PaymentKind, channel!.Trim(), Mst.Parse(mst!.Trim()).ToString(),
            office.Trim(), Blank(officeName), date!.Value), errors);
    }

    private static void Common(string? reference, string? mst, string? office, List<InputError> errors, int? line)
    {
        if (string.IsNullOrWhiteSpace(reference)) errors.Add(new(InputError.Missing, "reference is required.", line, "reference"));
        else if (!Reference().IsMatch(reference.Trim()))
            errors.Add(new(InputError.ReferenceInvalid, $"reference '{reference}' must be 1-40 letters, digits, '.', '_' or '-'.", line, "reference"));
        if (string.IsNullOrWhiteSpace(mst)) errors.Add(new(InputError.Missing, "mst is required.", line, "mst"));
        else if (!Mst.TryParse(mst.Trim(), out _)) errors.Add(new(InputError.MstInvalid, $"'{mst}' is not a valid MST (10 digits with check digit, optional -NNN).", line, "mst"));
        if (string.IsNullOrWhiteSpace(office)) errors.Add(new(InputError.Missing, "office is required.", line, "office"));
        else if (!Office().IsMatch(office.Trim())) errors.Add(new(InputError.OfficeInvalid, $"office '{office}' must be 2-10 letters or digits.", line, "office"));
    }

    private static DateOnly? Date(string? text, string field, List<InputError> errors, int? line)
    {
        if (string.IsNullOrWhiteSpace(text)) { errors.Add(new(InputError.Missing, $"{field} is required.", line, field)); return null; }
        if (DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors.Add(new(InputError.DateInvalid, $"{field} '{text}' must be yyyy-MM-dd or dd/MM/yyyy.", line, field));
        return null;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}$")]
    private static partial Regex Reference();

    [GeneratedRegex("^[A-Za-z0-9]{2,10}$")]
    private static partial Regex Office();
}
