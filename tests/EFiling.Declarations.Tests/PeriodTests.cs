using EFiling.Declarations.Identifiers;

namespace EFiling.Declarations.Tests;

public class PeriodTests
{
    [Theory]
    [InlineData(PeriodKind.Month, "10/2024", "2024-M10", "2024-10-01", "2024-10-31")]
    [InlineData(PeriodKind.Month, "2/2024", "2024-M02", "2024-02-01", "2024-02-29")]
    [InlineData(PeriodKind.Quarter, "3/2024", "2024-Q3", "2024-07-01", "2024-09-30")]
    [InlineData(PeriodKind.Quarter, "4/2025", "2025-Q4", "2025-10-01", "2025-12-31")]
    [InlineData(PeriodKind.Year, "2024", "2024-Y", "2024-01-01", "2024-12-31")]
    [InlineData(PeriodKind.Occurrence, "15/10/2024", "2024-D1015", "2024-10-15", "2024-10-15")]
    public void Parses_kyKKhai(PeriodKind kind, string text, string key, string start, string end)
    {
        Assert.True(Period.TryParse(kind, text, out var period));
        Assert.Equal(key, period.Value.Key);
        Assert.Equal(DateOnly.Parse(start), period.Value.Start);
        Assert.Equal(DateOnly.Parse(end), period.Value.End);
    }

    [Theory]
    [InlineData(PeriodKind.Month, "13/2024")]
    [InlineData(PeriodKind.Month, "0/2024")]
    [InlineData(PeriodKind.Month, "2024")]
    [InlineData(PeriodKind.Quarter, "5/2024")]
    [InlineData(PeriodKind.Year, "24")]
    [InlineData(PeriodKind.Year, "10/2024")]
    [InlineData(PeriodKind.Occurrence, "31/02/2024")]
    [InlineData(PeriodKind.Month, "")]
    public void Refuses_what_does_not_fit_the_kind(PeriodKind kind, string text) =>
        Assert.False(Period.TryParse(kind, text, out _));

    [Fact]
    public void Writes_back_as_the_declaration_does()
    {
        Assert.Equal("10/2024", Period.Month(2024, 10).ToString());
        Assert.Equal("3/2024", Period.Quarter(2024, 3).ToString());
        Assert.Equal("2024", Period.OfYear(2024).ToString());
    }

    [Fact]
    public void Keys_sort_in_time_order()
    {
        var keys = new[] { Period.Month(2024, 11), Period.Month(2024, 2), Period.Month(2023, 12) }.Select(p => p.Key).Order(StringComparer.Ordinal);
        Assert.Equal(["2023-M12", "2024-M02", "2024-M11"], keys);
    }
}
