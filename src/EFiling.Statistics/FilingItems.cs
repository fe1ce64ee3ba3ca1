using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Deadlines;
using EFiling.Storage;

namespace EFiling.Statistics;

/// <summary>
/// A filing received through the API as a counted item: online, at its receipt day in Vietnam time (the filing
/// date in law), its kind from its form's catalogue family. Received means durable, so it counts whatever the
/// later verdict.
/// </summary>
public sealed class FilingItems(IndicatorCatalogue indicators, FormCatalogue forms)
{
    public const string Online = "online";

    public CountedItem? From(FilingEntity filing)
    {
        var family = forms.FormByCode(filing.Form)?.Family;
        if (family is null || indicators.KindOfFamily(family) is not { } kind) return null;
        return new CountedItem(CountedItem.Filing, filing.FilingId, kind, Online, filing.Mst, filing.Office, filing.OfficeName,
            VietnamTime.DateOf(filing.ReceivedAtUtc));
    }
}
