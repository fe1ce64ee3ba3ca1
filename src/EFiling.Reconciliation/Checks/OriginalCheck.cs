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
        var f = c.Filing;
        if (f.IsSupplementary) return CheckResult.None;
        var earlier = c.Siblings
            .Where(s => !s.IsSupplementary && s.IsOnFile && s.Id != f.Id && Before(s, f))
            .OrderByDescending(s => s.ReceivedAtUtc).FirstOrDefault();
        if (earlier is null) return CheckResult.None;

        var onTime = c.DueDate is not { } due || VietnamTime.DateOf(f.ReceivedAtUtc) <= due;
        if (onTime)
            return CheckResult.Of(new Finding(ReconciliationCodes.OriginalReplaced, Severity.Warn,
                $"This original replaces filing {earlier.Id}, filed earlier for the same period before the deadline.",
                $"Tờ khai chính thức này thay thế hồ sơ {earlier.Id} đã nộp trước đó cho cùng kỳ, trong hạn nộp."));
        var next = c.Siblings.Where(s => s.IsSupplementary && s.IsOnFile).Select(s => s.AmendmentNumber).DefaultIfEmpty(0).Max() + 1;
        return CheckResult.Of(new Finding(ReconciliationCodes.OriginalAfterDeadline, Severity.Reject,
            $"An original ({earlier.Id}) is already on file and the deadline {c.DueDate:yyyy-MM-dd} has passed: file a supplementary declaration (loaiTKhai B, soLan {next}) instead.",
            $"Đã có tờ khai chính thức ({earlier.Id}) và đã quá hạn nộp {c.DueDate:dd/MM/yyyy}: đề nghị nộp tờ khai bổ sung (loaiTKhai B, soLan {next})."));
    }

    // Receipt times order filings; ids (version-7 GUIDs) break a tie in the same millisecond.
    private static bool Before(SiblingFiling s, FilingUnderCheck f) =>
        s.ReceivedAtUtc < f.ReceivedAtUtc || (s.ReceivedAtUtc == f.ReceivedAtUtc && string.CompareOrdinal(s.Id, f.Id) < 0);
}
