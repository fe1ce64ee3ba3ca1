namespace EFiling.Statistics;

/// <summary>
/// Answers a statistics question: the indicators for a scope and period, with a breakdown one level down
/// (provinces of the nation, offices of a province), the offices of the whole nation, or the months of the period.
/// Each node is read once and shared by every indicator.
/// </summary>
public sealed class StatsService(StatsReader reader, IndicatorCatalogue catalogue)
{
    public enum Breakdown { Default, Province, Office, Month }

    public async Task<StatsAnswer> AnswerAsync(IReadOnlyList<Indicator> indicators, StatsPeriod period, GeoScope scope, Breakdown by, CancellationToken ct = default)
    {
        var cost = new ReadCost();
        var total = reader.ReadAsync(scope, period, cost, ct);
        var parts = by switch
        {
            Breakdown.Month => Task.WhenAll(period.Months().Select(m => reader.ReadAsync(scope, m, cost, ct))),
            Breakdown.Office when scope.Level == GeoLevel.Nation => OfficesOfNationAsync(period, cost, ct),
            _ when scope.ChildLevel is null => Task.FromResult(Array.Empty<NodeCounts>()),
            _ => ChildrenAsync(scope, period, cost, ct),
        };
        var node = await total;
        var breakdown = await parts;
        var byName = by == Breakdown.Month ? "month" : scope.ChildLevel is { } child ? (by == Breakdown.Office ? "office" : child.ToString().ToLowerInvariant()) : null;
        return new StatsAnswer(period.Key, scope.Key, node.Name ?? DefaultName(scope), byName,
            indicators.Select(i => new IndicatorStats(i.Id, i.Name, i.Programme, i.Unit, i.Target,
                Evaluate(i, node), breakdown.Select(b => Evaluate(i, b)).ToList())).ToList(),
            cost.Reads);
    }

    private async Task<NodeCounts[]> ChildrenAsync(GeoScope scope, StatsPeriod period, ReadCost cost, CancellationToken ct)
    {
        var children = await reader.ChildrenAsync(scope, period, cost, ct);
        return await Task.WhenAll(children.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c => reader.ReadAsync(c, period, cost, ct)));
    }

    private async Task<NodeCounts[]> OfficesOfNationAsync(StatsPeriod period, ReadCost cost, CancellationToken ct)
    {
        var provinces = await reader.ChildrenAsync(GeoScope.Nation, period, cost, ct);
        var perProvince = await Task.WhenAll(provinces.Select(p => ChildrenAsync(p, period, cost, ct)));
        return perProvince.SelectMany(x => x).ToArray();
    }

    private string DefaultName(GeoScope scope) => scope.Level switch
    {
        GeoLevel.Province => catalogue.ProvinceName(scope.Code) ?? scope.Code,
        GeoLevel.Nation => "Việt Nam",
        _ => scope.Code,
    };

    public static StatsRow Evaluate(Indicator indicator, NodeCounts counts)
    {
        var unit = indicator.Unit == Indicator.Organisations ? 'O' : 'D';
        long Sum(Measure m) => m.Channels is null
            ? counts.Get(StatsKeys.Property(unit, m.Kind, null))
            : m.Channels.Sum(c => counts.Get(StatsKeys.Property(unit, m.Kind, c)));
        var (numerator, denominator) = (Sum(indicator.Numerator), Sum(indicator.Denominator));
        double? share = denominator == 0 ? null : Math.Round((double)numerator / denominator, 6);
        double? gap = share is null ? null : Math.Round(indicator.Target - share.Value, 6);
        return new StatsRow(counts.Scope.Key, counts.Scope.LevelName, counts.Scope.Code, counts.Name, counts.Period.Key,
            numerator, denominator, share, indicator.Target, gap);
    }
}
