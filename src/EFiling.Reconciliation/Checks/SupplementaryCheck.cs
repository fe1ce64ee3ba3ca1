using EFiling.Declarations.Findings;

namespace EFiling.Reconciliation.Checks;

/// <summary>
/// A supplementary (loaiTKhai B, soLan n) needs an accepted original and the supplementary n−1 on file, and its number
/// must be free. One that arrives before its predecessor waits (the message is retried); on its last allowed wait it
/// goes to review if a predecessor exists but is not accepted yet, and is refused if there is no original at all.
/// Never silently lost.
/// </summary>
public sealed class SupplementaryCheck : IReconciliationCheck
{
    public CheckResult Run(ReconciliationContext c, ReconciliationOptions options)
    {
        var f = c.Filing;
        if (!f.IsSupplementary) return CheckResult.None;
        var others = c.Siblings.Where(s => s.Id != f.Id).ToList();
        var originals = others.Where(s => !s.IsSupplementary && s.IsOnFile).ToList();
        var n = f.AmendmentNumber;

        if (!originals.Any(o => o.IsAccepted))
        {
            if (c.MayWait) return CheckResult.Wait($"supplementary {n} waits for an accepted original");
            return originals.Count > 0
                ? CheckResult.Of(OutOfOrder(n, "the original is not accepted yet", "tờ khai chính thức chưa được chấp nhận"))
                : CheckResult.Of(new Finding(ReconciliationCodes.SupplementaryNoOriginal, Severity.Reject,
                    $"Supplementary {n} has no original declaration for this period: file the original (loaiTKhai C) first.",
                    $"Tờ khai bổ sung lần {n} không có tờ khai chính thức của kỳ này: đề nghị nộp tờ khai chính thức (loaiTKhai C) trước."));
        }

        var numbers = others.Where(s => s.IsSupplementary && s.Status is "Accepted" or "NeedsReview").Select(s => s.AmendmentNumber).ToHashSet();
        // An earlier supplementary with the same number that is not decided yet holds the number too (the same "before"
        // as for originals): otherwise two reconciled at once would each see the other undecided and both be accepted.
        // The later one waits for the earlier one's decision (if refused, the number is free again), then is refused.
        var heldByEarlier = others.Any(s => s.IsSupplementary && s.AmendmentNumber == n && s.Status == "Received" && SiblingOrder.Before(s, f));
        if (heldByEarlier && !numbers.Contains(n) && c.MayWait) return CheckResult.Wait($"supplementary {n} waits for an earlier supplementary {n}");
        if (numbers.Contains(n) || heldByEarlier)
            return CheckResult.Of(new Finding(ReconciliationCodes.SupplementaryNumberUsed, Severity.Reject,
                $"Supplementary number {n} is already on file for this period.", $"Tờ khai bổ sung lần {n} của kỳ này đã được nộp."));
        var expected = numbers.DefaultIfEmpty(0).Max() + 1;
        if (n == expected) return CheckResult.None;
        if (n > expected && c.MayWait) return CheckResult.Wait($"supplementary {n} waits for supplementary {expected}");
        return CheckResult.Of(OutOfOrder(n, $"the next expected number is {expected}", $"số lần bổ sung tiếp theo phải là {expected}"));
    }

    private static Finding OutOfOrder(int n, string why, string whyVi) => new(ReconciliationCodes.SupplementaryOutOfOrder, Severity.Review,
        $"Supplementary {n} is out of order ({why}); an officer will review it.",
        $"Tờ khai bổ sung lần {n} không đúng thứ tự ({whyVi}); cán bộ thuế sẽ xem xét.");
}
