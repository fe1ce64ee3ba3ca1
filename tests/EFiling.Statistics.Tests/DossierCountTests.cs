using EFiling.Statistics;
using EFiling.Storage;

namespace EFiling.Statistics.Tests;

/// <summary>
/// I-VAN dossiers in the social-insurance indicator (issue 16): a dossier is one filing, named after its first form
/// (D02-LT, TK3-TS, or TK1-TS, a form only dossiers carry); the indicator counts organisations, so an employer that
/// sends several dossiers in a month counts once in that month, its quarter and its year.
/// </summary>
public sealed class DossierCountTests(StatsStorage storage) : IClassFixture<StatsStorage>
{
    private static FilingEntity Dossier(string form, string mst, DateTimeOffset received)
    {
        var id = Guid.CreateVersion7().ToString("N");
        return FilingEntity.Create(new FilingFacts
        {
            Id = id, TransactionCode = "TX" + id[..8], ReceivedAtUtc = received, Sha256 = id + id, Form = form, MaTKhai = form, Mst = mst,
            PeriodKind = "M", Period = "03/2031", PeriodKey = "2031-M03", FilingKind = "C", AmendmentNumber = 0, Office = "KV01",
            OfficeName = "Bảo hiểm xã hội khu vực I",
            Dossier = FilingDossier.Create("600", null, "DV" + mst, [new FilingDossierForm(form, form + ".xml", new string('a', 64))]),
        }, "[]", 0);
    }

    [Fact]
    public async Task An_employer_counts_once_per_period_however_many_dossiers_it_sends()
    {
        var items = storage.FilingItems();
        var counter = storage.Counter();
        var march = new DateTimeOffset(2031, 3, 5, 9, 0, 0, TimeSpan.FromHours(7));
        var filings = new[]
        {
            Dossier("D02-LT", "0100109106", march),
            Dossier("D02-LT", "0100109106", march.AddDays(10)),
            Dossier("TK1-TS", "0100109106", march.AddDays(12)),
            Dossier("TK3-TS", "0101601092", march.AddDays(1)),
        };
        foreach (var filing in filings)
        {
            var item = items.From(filing);
            Assert.NotNull(item);
            Assert.Equal("si", item.Kind);
            await counter.CountAsync(item);
            // A redelivery of the same filing counts nothing.
            Assert.True((await counter.CountAsync(item)).Duplicate);
        }

        var reader = storage.Reader();
        foreach (var period in new[] { StatsPeriod.Month(2031, 3), StatsPeriod.OfYear(2031) })
        {
            var node = await reader.ReadAsync(GeoScope.Office("KV01"), period, new ReadCost());
            Assert.Equal(4, node.Get(StatsKeys.Property('D', "si", "online")));
            Assert.Equal(2, node.Get(StatsKeys.Property('O', "si", "online")));
        }
    }
}
