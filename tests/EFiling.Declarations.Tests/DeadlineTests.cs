using EFiling.Declarations.Deadlines;
using EFiling.Declarations.Identifiers;

namespace EFiling.Declarations.Tests;

public class DeadlineTests
{
    private static readonly DeadlineCalculator NoHolidays = new(HolidayCalendar.Empty);

    [Theory]
    // 20 November 2024 is a Wednesday.
    [InlineData(DeadlineRule.Day20OfNextMonth, "M", "10/2024", "2024-11-20")]
    // 20 July 2024 is a Saturday → Monday 22nd.
    [InlineData(DeadlineRule.Day20OfNextMonth, "M", "6/2024", "2024-07-22")]
    // Q3 2024 → 31 October 2024 (Thursday).
    [InlineData(DeadlineRule.LastDayOfFirstMonthOfNextQuarter, "Q", "3/2024", "2024-10-31")]
    // Q4 2024 → 31 January 2025 (Friday).
    [InlineData(DeadlineRule.LastDayOfFirstMonthOfNextQuarter, "Q", "4/2024", "2025-01-31")]
    // Year 2024 → 31 March 2025 (Monday).
    [InlineData(DeadlineRule.LastDayOfThirdMonthAfterYear, "Y", "2024", "2025-03-31")]
    // Year 2023 → 31 March 2024 is a Sunday → 1 April.
    [InlineData(DeadlineRule.LastDayOfThirdMonthAfterYear, "Y", "2023", "2024-04-01")]
    // Occurrence on 15 October 2024 → 25 October (Friday).
    [InlineData(DeadlineRule.TenDaysAfterOccurrence, "D", "15/10/2024", "2024-10-25")]
    // Social-insurance list for November 2024 → 30 November is a Saturday → 2 December.
    [InlineData(DeadlineRule.LastDayOfSameMonth, "M", "11/2024", "2024-12-02")]
    public void Due_dates_follow_the_law_and_skip_weekends(DeadlineRule rule, string kind, string period, string due)
    {
        PeriodKindCodes.TryParse(kind, out var k);
        Period.TryParse(k, period, out var p);
        Assert.Equal(DateOnly.Parse(due), NoHolidays.DueDate(rule, p!.Value));
    }

    [Fact]
    public void Registration_has_no_deadline() => Assert.Null(NoHolidays.DueDate(DeadlineRule.None, Period.Month(2024, 1)));

    [Fact]
    public void A_holiday_moves_the_deadline_to_the_next_working_day()
    {
        // Q4 2024 is due Friday 31 January 2025; if that and the next Monday are holidays, Tuesday 4 February.
        var calendar = new HolidayCalendar([new DateOnly(2025, 1, 31), new DateOnly(2025, 2, 3)]);
        Assert.Equal(new DateOnly(2025, 2, 4), new DeadlineCalculator(calendar).DueDate(DeadlineRule.LastDayOfFirstMonthOfNextQuarter, Period.Quarter(2024, 4)));
    }

    [Fact]
    public void Lateness_is_counted_in_Vietnam_time()
    {
        var period = Period.Month(2024, 10); // due 20 November 2024
        // 16:59 UTC on the 20th is 23:59 in Vietnam: on time. 17:00 UTC is the 21st in Vietnam: one day late.
        Assert.Equal(0, NoHolidays.DaysLate(DeadlineRule.Day20OfNextMonth, period, new DateTimeOffset(2024, 11, 20, 16, 59, 0, TimeSpan.Zero)));
        Assert.Equal(1, NoHolidays.DaysLate(DeadlineRule.Day20OfNextMonth, period, new DateTimeOffset(2024, 11, 20, 17, 0, 0, TimeSpan.Zero)));
        Assert.Equal(10, NoHolidays.DaysLate(DeadlineRule.Day20OfNextMonth, period, new DateTimeOffset(2024, 11, 30, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Holiday_list_loads_from_the_data_file()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "schemas", "holidays.json");
        var calendar = HolidayCalendar.Load(path);
        // Vietnam's National Day, 2 September, is a public holiday every year.
        Assert.True(calendar.IsHoliday(new DateOnly(2025, 9, 2)));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 9, 2)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2025, 9, 4)));
    }
}
