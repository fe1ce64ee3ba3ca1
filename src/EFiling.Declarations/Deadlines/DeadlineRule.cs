namespace EFiling.Declarations.Deadlines;

/// <summary>
/// When a declaration is due, named in the form catalogue (Law on Tax Administration 38/2019/QH14, art. 44;
/// social-insurance monthly lists by the end of the month they concern).
/// </summary>
public enum DeadlineRule
{
    None,
    Day20OfNextMonth,
    LastDayOfFirstMonthOfNextQuarter,
    LastDayOfThirdMonthAfterYear,
    TenDaysAfterOccurrence,
    LastDayOfSameMonth,
}
