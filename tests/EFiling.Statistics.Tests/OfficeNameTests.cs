using EFiling.Statistics;

namespace EFiling.Statistics.Tests;

/// <summary>
/// An office's name comes from the items counted there (the declaration's or the CSV row's officeName). Rows without
/// one, counted first or at the same time, must not leave the office shown by its code once a named item arrives.
/// </summary>
public sealed class OfficeNameTests(StatsStorage storage) : IClassFixture<StatsStorage>
{
    private static CountedItem Paper(string id, string mst, string? officeName) =>
        new(CountedItem.CounterFiling, id, "tax", "paper", mst, "30399", officeName, new DateOnly(2018, 6, 4));

    [Fact]
    public async Task A_named_item_after_an_unnamed_one_names_the_office()
    {
        var counter = storage.Counter();
        var records = storage.Records();
        async Task CountAsync(CountedItem item)
        {
            await records.AddAsync(item);   // the source rebuild reads
            await counter.CountAsync(item);
        }
        await CountAsync(Paper("NAME-1", "0100109106", null));
        var before = await storage.Reader().ReadAsync(GeoScope.Office("30399"), StatsPeriod.OfYear(2018), new ReadCost());
        Assert.Equal("30399", before.Name);   // nothing better known yet

        await CountAsync(Paper("NAME-2", "0101601092", "Thuế Thành phố Hải Phòng"));
        await CountAsync(Paper("NAME-3", "0312345673", null));   // a later unnamed row keeps the name

        foreach (var period in StatsPeriod.Containing(new DateOnly(2018, 6, 4)))
        {
            var node = await storage.Reader().ReadAsync(GeoScope.Office("30399"), period, new ReadCost());
            Assert.Equal(("Thuế Thành phố Hải Phòng", 3L), (node.Name, node.Get("D_tax")));
        }
        // The rebuild agrees with what counting wrote.
        Assert.Empty((await storage.Rebuilder().RunAsync(fix: false)).Differences);
    }
}
