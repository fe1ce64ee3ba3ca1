using EFiling.Declarations.Deadlines;
using EFiling.Declarations.Findings;
using EFiling.Registry;

namespace EFiling.Reconciliation.Checks;

/// <summary>
/// A declaration signed by the tax agent its DLyThue block names (the certificate's MST is the agent's) stands only
/// when the agent is registered and active and the agents registry says it files for this taxpayer on the day the
/// service received the filing (Vietnam date). The receipt date, not the declaration's ngayKy: that is written by the
/// signer's own software and could be set back into an engagement that has ended; the receipt time is the service's.
/// The engagement must name the filing's own MST (a parent's engagement does not cover a branch's 13-digit MST).
/// Filings the taxpayer signs itself pass here whether or not they carry a DLyThue block.
/// </summary>
public sealed class AgentCheck : IReconciliationCheck
{
    public CheckResult Run(ReconciliationContext c, ReconciliationOptions options)
    {
        var f = c.Filing;
        if (!f.SignedByAgent) return CheckResult.None;
        var agent = f.AgentMst!;
        if (c.Agent is null)
            return CheckResult.Of(new Finding(ReconciliationCodes.AgentUnknown, Severity.Reject,
                $"The declaration is signed by tax agent {agent} (DLyThue), which is not registered for e-filing.",
                $"Tờ khai được ký bởi đại lý thuế {agent}, chưa đăng ký giao dịch điện tử."));
        if (c.Agent.Status != TaxpayerStatus.Active)
            return CheckResult.Of(new Finding(ReconciliationCodes.AgentInactive, Severity.Reject,
                $"Tax agent {agent} is {c.Agent.Status.ToString().ToLowerInvariant()}.",
                $"Đại lý thuế {agent} đang ở trạng thái {(c.Agent.Status == TaxpayerStatus.Closed ? "đã đóng mã số thuế" : "tạm ngừng hoạt động")}."));

        var day = VietnamTime.DateOf(f.ReceivedAtUtc);
        var engagements = c.Engagements.Where(e => e.AgentMst == agent && e.ClientMst == f.Mst).ToList();
        if (engagements.Any(e => e.Covers(day))) return CheckResult.None;
        var (why, whyVi) = engagements.Where(e => e.To < day).OrderByDescending(e => e.To).FirstOrDefault() is { } ended
            ? ($"its engagement ended on {ended.To:yyyy-MM-dd}", $"hợp đồng đã hết hạn ngày {ended.To:dd/MM/yyyy}")
            : engagements.Where(e => e.From > day).OrderBy(e => e.From).FirstOrDefault() is { } later
                ? ($"its engagement starts on {later.From:yyyy-MM-dd}", $"hợp đồng bắt đầu từ ngày {later.From:dd/MM/yyyy}")
                : ("no engagement is registered", "chưa đăng ký hợp đồng đại lý");
        return CheckResult.Of(new Finding(ReconciliationCodes.AgentNotEngaged, Severity.Reject,
            $"Tax agent {agent} does not file for taxpayer {f.Mst} on {day:yyyy-MM-dd}: {why}.",
            $"Đại lý thuế {agent} không được ủy quyền khai thuế cho người nộp thuế {f.Mst} vào ngày {day:dd/MM/yyyy}: {whyVi}."));
    }
}
