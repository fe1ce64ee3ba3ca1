using EFiling.Declarations.Findings;
using EFiling.Registry;

namespace EFiling.Reconciliation.Checks;

/// <summary>The taxpayer must be registered and active (suspended or closed taxpayers cannot file).</summary>
public sealed class TaxpayerCheck : IReconciliationCheck
{
    public CheckResult Run(ReconciliationContext c, ReconciliationOptions options)
    {
        var mst = c.Filing.Mst;
        if (c.Taxpayer is null)
            return CheckResult.Of(new Finding(ReconciliationCodes.TaxpayerUnknown, Severity.Reject,
                $"Taxpayer {mst} is not registered for e-filing.", $"Người nộp thuế {mst} chưa đăng ký giao dịch điện tử."));
        if (c.Taxpayer.Status != TaxpayerStatus.Active)
            return CheckResult.Of(new Finding(ReconciliationCodes.TaxpayerInactive, Severity.Reject,
                $"Taxpayer {mst} is {c.Taxpayer.Status.ToString().ToLowerInvariant()}.",
                $"Người nộp thuế {mst} đang ở trạng thái {(c.Taxpayer.Status == TaxpayerStatus.Closed ? "đã đóng mã số thuế" : "tạm ngừng hoạt động")}."));
        return CheckResult.None;
    }
}
