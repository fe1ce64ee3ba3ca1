using EFiling.Declarations.Findings;
using EFiling.Declarations.Parsing;

namespace EFiling.Reconciliation.Checks;

/// <summary>
/// Across families: for the same employer and month, the employees in the social-insurance list (D02-LT) against those
/// in the PIT withholding declaration (05/KK-TNCN, ct21). A difference beyond the tolerance goes to review.
/// </summary>
public sealed class EmployeeCountCheck : IReconciliationCheck
{
    public CheckResult Run(ReconciliationContext c, ReconciliationOptions options)
    {
        if (!c.Filing.Figures.TryGetValue(FigureReader.Employees, out var mine)) return CheckResult.None;
        var findings = new List<Finding>();
        foreach (var other in c.Counterparts)
        {
            var larger = Math.Max(mine, other.Employees);
            var tolerance = Math.Max(options.EmployeeCountToleranceAbsolute, Math.Ceiling(larger * options.EmployeeCountTolerancePercent / 100));
            if (Math.Abs(mine - other.Employees) <= tolerance) continue;
            findings.Add(new Finding(ReconciliationCodes.EmployeeCountMismatch, Severity.Review,
                $"{mine} employee(s) here against {other.Employees} in {other.Form} {other.FilingId} ({other.PeriodKey}); tolerance {tolerance}.",
                $"Số lao động {mine} khác với {other.Employees} trong {other.Form} {other.FilingId} ({other.PeriodKey}); sai lệch cho phép {tolerance}."));
        }
        return new CheckResult(findings);
    }
}
