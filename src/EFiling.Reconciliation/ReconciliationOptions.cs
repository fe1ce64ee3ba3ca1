namespace EFiling.Reconciliation;

/// <summary>The tunable parts of reconciliation (settings section EFiling:Reconciliation).</summary>
public sealed class ReconciliationOptions
{
    /// <summary>When true, a taxpayer with no registered certificate cannot file; when false, the certificate's MST
    /// must then match the filing's (the intake already checks this; kept here so the rule stands on its own).</summary>
    public bool RequireRegisteredCertificates { get; set; }

    /// <summary>Employee counts of the two families may differ by this share of the larger count (percent) …</summary>
    public double EmployeeCountTolerancePercent { get; set; } = 10;

    /// <summary>… or by this many people, whichever is more.</summary>
    public int EmployeeCountToleranceAbsolute { get; set; } = 1;

    /// <summary>A figure is far from history when it is this many times above, or below 1/this of, the mean of earlier periods.</summary>
    public double HistoryFactor { get; set; } = 5;

    /// <summary>Earlier periods needed before history says anything.</summary>
    public int HistoryMinPeriods { get; set; } = 2;

    /// <summary>How many earlier periods are read.</summary>
    public int HistoryPeriods { get; set; } = 4;

    /// <summary>How many deliveries a supplementary waits for its predecessor before going to review.</summary>
    public int WaitAttempts { get; set; } = 3;
}
