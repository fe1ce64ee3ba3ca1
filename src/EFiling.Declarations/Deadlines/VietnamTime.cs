namespace EFiling.Declarations.Deadlines;

/// <summary>Vietnam time is UTC+7 all year (no daylight saving); the filing date is the receipt time in it.</summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateTimeOffset ToVietnam(DateTimeOffset instant) => instant.ToOffset(Offset);

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToVietnam(instant).DateTime);
}
