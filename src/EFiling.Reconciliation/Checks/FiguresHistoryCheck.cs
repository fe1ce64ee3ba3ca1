using System.Globalization;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Parsing;

namespace EFiling.Reconciliation.Checks;

/// <summary>
/// The form's history figure (e.g. 01/GTGT total sales, ct34) far above or below the mean of the taxpayer's earlier
/// periods goes to an officer: a typo of three zeros, or a business that changed, is worth a look.
/// </summary>
public sealed class FiguresHistoryCheck : IReconciliationCheck
{
    public CheckResult Run(ReconciliationContext c, ReconciliationOptions options)
    {
        if (FigureReader.HistoryFigure(c.Filing.Form) is not { } name || !c.Filing.Figures.TryGetValue(name, out var value)) return CheckResult.None;
        if (c.History.Count < options.HistoryMinPeriods) return CheckResult.None;
        var mean = c.History.Average(v => (double)v);
        if (mean <= 0) return CheckResult.None;
        var ratio = value / mean;
        if (ratio <= options.HistoryFactor && ratio >= 1 / options.HistoryFactor) return CheckResult.None;
        var shown = string.Create(CultureInfo.InvariantCulture, $"{name} = {value:N0}, mean of {c.History.Count} earlier period(s) = {mean:N0}");
        return CheckResult.Of(new Finding(ReconciliationCodes.FiguresFarFromHistory, Severity.Review,
            $"The figures are far from this taxpayer's history ({shown}).", $"Số liệu chênh lệch lớn so với các kỳ trước ({shown})."));
    }
}
