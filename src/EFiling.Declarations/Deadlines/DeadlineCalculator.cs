using EFiling.Declarations.Identifiers;

namespace EFiling.Declarations.Deadlines;

/// <summary>Works out a period's deadline and whether a filing received at a given instant is late.</summary>
public sealed class DeadlineCalculator(HolidayCalendar holidays)
{
    /// <summary>The due date, moved to the next working day when it falls on a weekend or holiday; null when there is none.</summary>
    public DateOnly? DueDate(DeadlineRule rule, Period period)
    {
        DateOnly? raw = rule switch
        {
            DeadlineRule.None => null,
            DeadlineRule.Day20OfNextMonth => new DateOnly(period.End.Year, period.End.Month, 1).AddMonths(1).AddDays(19),
            DeadlineRule.LastDayOfFirstMonthOfNextQuarter => period.End.AddDays(1).AddMonths(1).AddDays(-1),
            DeadlineRule.LastDayOfThirdMonthAfterYear => period.End.AddDays(1).AddMonths(3).AddDays(-1),
            DeadlineRule.TenDaysAfterOccurrence => period.Start.AddDays(10),
            DeadlineRule.LastDayOfSameMonth => new DateOnly(period.End.Year, period.End.Month, 1).AddMonths(1).AddDays(-1),
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
        return raw is { } d ? holidays.OnOrNextWorkingDay(d) : null;
    }

    /// <summary>Calendar days late for a filing received at <paramref name="receivedAt"/> (Vietnam date), 0 when on time.</summary>
    public int DaysLate(DeadlineRule rule, Period period, DateTimeOffset receivedAt) =>
        DueDate(rule, period) is { } due && VietnamTime.DateOf(receivedAt) is var filed && filed > due
            ? filed.DayNumber - due.DayNumber
            : 0;
}
