using EFiling.Declarations.Identifiers;
using EFiling.Statistics;
using EFiling.Storage;

namespace EFiling.Statistics.Tests;

/// <summary>
/// A deterministic mix of everything that is counted: online tax and SI filings (as filing index rows, like the API
/// writes them), paper filings and payments by every channel, spread over offices in three provinces and months of
/// two quarters, with organisations that file several times and by several channels.
/// </summary>
public static class MixedItems
{
    /// <summary>One thing to deliver: a filing row (counted through the index) or a paper filing or payment; Truth is what it must count as.</summary>
    public sealed record Delivery(FilingEntity? Filing, CountedItem? Item, CountedItem Truth);

    private static readonly (string Code, string Name)[] Offices =
        [("10100", "Thuế Thành phố Hà Nội"), ("10101", "Thuế cơ sở 1 Thành phố Hà Nội"), ("70100", "Thuế Thành phố Hồ Chí Minh"),
         ("70101", "Thuế cơ sở 1 Thành phố Hồ Chí Minh"), ("50100", "Thuế Thành phố Đà Nẵng"), ("KV01", "Bảo hiểm xã hội khu vực I")];

    public static IReadOnlyList<Delivery> Make(int count, int seed)
    {
        var random = new Random(seed);
        var orgs = Enumerable.Range(0, 80).Select(i => Mst.FromFirstNine($"{100000000 + i * 7919:000000000}")).OfType<Mst>().Select(m => m.ToString()).ToArray();
        var deliveries = new List<Delivery>();
        for (var i = 0; i < count; i++)
        {
            var office = Offices[random.Next(Offices.Length)];
            var org = orgs[random.Next(orgs.Length)];
            var date = new DateOnly(2025, random.Next(1, 7), random.Next(1, 29));
            var roll = random.Next(100);
            if (roll < 45)
            {
                var si = roll < 12;
                var form = si ? (roll % 2 == 0 ? "TK3-TS" : "D02-LT") : "01/GTGT";
                var id = Guid.CreateVersion7().ToString("N");
                // 23:30 Vietnam time: still that day in Vietnam, the previous day in UTC — the count must follow Vietnam.
                var received = new DateTimeOffset(date.Year, date.Month, date.Day, 23, 30, 0, TimeSpan.FromHours(7));
                var facts = new FilingFacts
                {
                    Id = id, TransactionCode = $"TX{i}", ReceivedAtUtc = received.ToUniversalTime(), Sha256 = id + id,
                    Form = form, MaTKhai = form, Mst = org, PeriodKind = "M", Period = $"{date.Month:00}/{date.Year}",
                    PeriodKey = $"{date.Year}-M{date.Month:00}", FilingKind = "C", AmendmentNumber = 0, Office = office.Code, OfficeName = office.Name,
                };
                deliveries.Add(new Delivery(FilingEntity.Create(facts, "[]", 0), null,
                    new CountedItem(CountedItem.Filing, id, si ? "si" : "tax", "online", org, office.Code, office.Name, date)));
            }
            else if (roll < 65)
            {
                var kind = roll < 58 ? "tax" : "si";
                var item = new CountedItem(CountedItem.CounterFiling, $"{office.Code}-Q{i}", kind, "paper", org, office.Code, office.Name, date);
                deliveries.Add(new Delivery(null, item, item));
            }
            else
            {
                var channel = random.Next(10) switch { < 6 => "electronic", < 8 => "counter", _ => "bank-transfer" };
                var item = new CountedItem(CountedItem.Payment, $"{office.Code}-NT{i}", "pay", channel, org, office.Code, office.Name, date);
                deliveries.Add(new Delivery(null, item, item));
            }
        }
        return deliveries;
    }

    /// <summary>The counts every node must hold, computed the plain way (LINQ over the truth), keyed by scope and period.</summary>
    public static Dictionary<(string Scope, string Period), Dictionary<string, long>> Expected(IEnumerable<CountedItem> items)
    {
        static string Province(string office) => office == "KV01" ? "101" : office[..3];
        var rows = from item in items
                   from scope in new[] { $"office:{item.Office}", $"province:{Province(item.Office)}", "nation:VN" }
                   from period in new[] { $"{item.Date.Year}-M{item.Date.Month:00}", $"{item.Date.Year}-Q{(item.Date.Month + 2) / 3}", $"{item.Date.Year}-Y" }
                   select (scope, period, item);
        return rows.GroupBy(r => (r.scope, r.period)).ToDictionary(g => g.Key, g =>
        {
            var counts = new Dictionary<string, long>();
            foreach (var kind in g.GroupBy(r => r.item.Kind))
            {
                counts[$"D_{kind.Key}"] = kind.Count();
                counts[$"O_{kind.Key}"] = kind.Select(r => r.item.Org).Distinct().Count();
                foreach (var channel in kind.GroupBy(r => r.item.Channel))
                {
                    counts[$"D_{kind.Key}_{channel.Key.Replace('-', '_')}"] = channel.Count();
                    counts[$"O_{kind.Key}_{channel.Key.Replace('-', '_')}"] = channel.Select(r => r.item.Org).Distinct().Count();
                }
            }
            return counts;
        });
    }
}
