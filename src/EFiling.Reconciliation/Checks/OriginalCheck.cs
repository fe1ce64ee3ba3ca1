using EFiling.Declarations.Deadlines;
using EFiling.Declarations.Findings;

namespace EFiling.Reconciliation.Checks;

/// <summary>
/// A second original of the same taxpayer, form and period: before the deadline it replaces the earlier one
/// (Law 38/2019 art. 47); after the deadline it is refused, and the taxpayer must file a supplementary instead.
/// </summary>
public sealed class OriginalCheck : IReconciliationCheck
{
    public CheckResult Run(ReconciliationContext c, ReconciliationOptions options)
    {
        if (EarlierOriginal(c) is not { } earlier) return CheckResult.None;
        if (OnTime(c))
            return CheckResult.Of(new Finding(ReconciliationCodes.OriginalReplaced, Severity.Warn,
                $"This original replaces filing {earlier.Id}, filed earlier for the same period before the deadline.",
                $"Tờ khai chính thức này thay thế hồ sơ {earlier.Id} đã nộp trước đó cho cùng kỳ, trong hạn nộp."));
        var next = c.Siblings.Where(s => s.IsSupplementary && s.IsOnFile).Select(s => s.AmendmentNumber).DefaultIfEmpty(0).Max() + 1;
        return CheckResult.Of(new Finding(ReconciliationCodes.OriginalAfterDeadline, Severity.Reject,
            $"An original ({earlier.Id}) is already on file and the deadline {c.DueDate:yyyy-MM-dd} has passed: file a supplementary declaration (loaiTKhai B, soLan {next}) instead.",
            $"Đã có tờ khai chính thức ({earlier.Id}) và đã quá hạn nộp {c.DueDate:dd/MM/yyyy}: đề nghị nộp tờ khai bổ sung (loaiTKhai B, soLan {next})."));
    }

    /// <summary>The earlier original this filing replaces (an original on file before it, and this one on time), or null.</summary>
    public static SiblingFiling? Replaced(ReconciliationContext c) => OnTime(c) ? EarlierOriginal(c) : null;

    /// <summary>The latest original on file received before this one (this one being an original too).</summary>
    private static SiblingFiling? EarlierOriginal(ReconciliationContext c) => c.Filing.IsSupplementary ? null : c.Siblings
        .Where(s => !s.IsSupplementary && s.IsOnFile && s.Id != c.Filing.Id && SiblingOrder.Before(s, c.Filing))
        .OrderByDescending(s => s.ReceivedAtUtc).FirstOrDefault();

    private static bool OnTime(ReconciliationContext c) => c.DueDate is not { } due || VietnamTime.DateOf(c.Filing.ReceivedAtUtc) <= due;
}
