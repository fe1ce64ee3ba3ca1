using System.Text.Json;

namespace EFiling.Declarations.Deadlines;

/// <summary>
/// Days the offices are closed besides weekends. Loaded from data (schemas/holidays.json) because the
/// government announces Tết and compensatory days year by year.
/// </summary>
public sealed class HolidayCalendar
{
    private readonly HashSet<DateOnly> _holidays;

    public HolidayCalendar(IEnumerable<DateOnly> holidays) => _holidays = [.. holidays];

    public static HolidayCalendar Empty { get; } = new([]);

    public bool IsHoliday(DateOnly day) => _holidays.Contains(day);

    public bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day);

    /// <summary>The day itself if it is a working day, else the next working day.</summary>
    public DateOnly OnOrNextWorkingDay(DateOnly day)
    {
        while (!IsWorkingDay(day)) day = day.AddDays(1);
        return day;
    }

    /// <summary>Reads a JSON array of { "date": "yyyy-MM-dd", "name": "…" } (or an object with a "holidays" array).</summary>
    public static HolidayCalendar Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var list = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("holidays");
        return new HolidayCalendar(list.EnumerateArray().Select(e => DateOnly.ParseExact(e.GetProperty("date").GetString()!, "yyyy-MM-dd")));
    }
}
