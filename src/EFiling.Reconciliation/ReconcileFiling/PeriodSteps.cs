using EFiling.Declarations.Identifiers;

namespace EFiling.Reconciliation;

/// <summary>Periods around a period: the earlier ones (history), the months of a quarter and the quarter of a month.</summary>
public static class PeriodSteps
{
    public static IEnumerable<Period> Earlier(Period p, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            switch (p.Kind)
            {
                case PeriodKind.Month:
                    var m = p.Start.AddMonths(-i);
                    yield return Period.Month(m.Year, m.Month);
                    break;
                case PeriodKind.Quarter:
                    var q = p.Start.AddMonths(-3 * i);
                    yield return Period.Quarter(q.Year, (q.Month + 2) / 3);
                    break;
                case PeriodKind.Year:
                    yield return Period.OfYear(p.Year - i);
                    break;
                default:
                    yield break;
            }
        }
    }

    public static IEnumerable<Period> MonthsOf(Period p) => p.Kind switch
    {
        PeriodKind.Month => [p],
        PeriodKind.Quarter => Enumerable.Range(0, 3).Select(i => p.Start.AddMonths(i)).Select(d => Period.Month(d.Year, d.Month)),
        _ => [],
    };

    public static Period QuarterOf(Period month) => Period.Quarter(month.Year, (month.Number + 2) / 3);
}
