using EFiling.Declarations.Catalogue;
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

    /// <summary>The shipped schemas/holidays.json and the catalogue's own deadline rules, not a hand-made calendar.</summary>
    [Theory]
    // Quarterly VAT for Q4/2024 is due on the last day of January 2025: Friday 31 January. holidays.json lists the
    // Tết 2025 break from 25 January to 2 February: 31 January is mùng 3, Saturday 1 and Sunday 2 February are
    // mùng 4 and 5. Monday 3 February is not listed: the first working day.
    [InlineData("Q", "4/2024", "2025-01-31", "2025-02-03")]
    // Monthly VAT for January 2026 is due on 20 February 2026, a Friday that holidays.json lists as mùng 4 Tết;
    // 21 and 22 February (mùng 5 and 6) are the weekend inside the break; Monday 23 February is the first working day.
    [InlineData("M", "1/2026", "2026-02-20", "2026-02-23")]
    public void Vat_deadlines_in_tet_move_to_the_first_working_day_after_it(string kind, string period, string byLaw, string due)
    {
        var calendar = HolidayCalendar.Load(Path.Combine(AppContext.BaseDirectory, "schemas", "holidays.json"));
        PeriodKindCodes.TryParse(kind, out var k);
        Period.TryParse(k, period, out var p);
        var rule = FormCatalogue.Load().FormByCode("01/GTGT")!.DeadlineFor(k);
        var lawDate = DateOnly.Parse(byLaw);
        var expected = DateOnly.Parse(due);

        // What the data says about the days in between (so a change to holidays.json shows here, with its reason).
        Assert.Equal(lawDate, NoHolidays.DueDate(rule, p!.Value));
        for (var day = lawDate; day < expected; day = day.AddDays(1)) Assert.True(calendar.IsHoliday(day), $"{day} should be listed");
        Assert.Equal(DayOfWeek.Monday, expected.DayOfWeek);
        Assert.False(calendar.IsHoliday(expected));

        var deadlines = new DeadlineCalculator(calendar);
        Assert.Equal(expected, deadlines.DueDate(rule, p.Value));
        // Filed on the moved deadline at 23:00 Vietnam time: on time; the next morning: one day late.
        var lastMinute = new DateTimeOffset(expected.ToDateTime(new TimeOnly(23, 0)), TimeSpan.FromHours(7));
        Assert.Equal(0, deadlines.DaysLate(rule, p.Value, lastMinute));
        Assert.Equal(1, deadlines.DaysLate(rule, p.Value, lastMinute.AddHours(10)));
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
