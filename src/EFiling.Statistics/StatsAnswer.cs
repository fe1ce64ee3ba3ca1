namespace EFiling.Statistics;

/// <summary>One line of an answer: an indicator's figures for a scope and period. Share and gap are null with no denominator.</summary>
/// <param name="Gap">target − share: how far below target (negative = above it).</param>
public sealed record StatsRow(string Scope, string Level, string Code, string? Name, string Period,
    long Numerator, long Denominator, double? Share, double Target, double? Gap);

/// <summary>An indicator's figures for the asked scope and period, and its breakdown one level down (or by month).</summary>
public sealed record IndicatorStats(string Id, LocalText Name, string Programme, string Unit, double Target,
    StatsRow Total, IReadOnlyList<StatsRow> Breakdown);

/// <summary>The answer of GET /api/stats.</summary>
/// <param name="By">What the breakdown lists: province, office or month.</param>
public sealed record StatsAnswer(string Period, string Scope, string? ScopeName, string? By, IReadOnlyList<IndicatorStats> Indicators, int TableReads);
