using EFiling.Declarations.Findings;

namespace EFiling.Reconciliation.Checks;

/// <summary>
/// A declaration goes to the office that manages its filer: the taxpayer's tax office, or for social insurance the
/// employer's BHXH office (found by unit code, whose MST must be the filing's).
/// </summary>
public sealed class OfficeCheck : IReconciliationCheck
{
    public const string SocialInsurance = "social-insurance";

    public CheckResult Run(ReconciliationContext c, ReconciliationOptions options)
    {
        var f = c.Filing;
        if (f.Family == SocialInsurance)
        {
            if (string.IsNullOrEmpty(f.EmployerCode)) return CheckResult.None; // a first registration has no unit code yet
            if (c.Employer is null)
                return CheckResult.Of(new Finding(ReconciliationCodes.EmployerUnknown, Severity.Reject,
                    $"Unit code {f.EmployerCode} is not a registered employer.", $"Mã đơn vị {f.EmployerCode} chưa được đăng ký."));
            var findings = new List<Finding>();
            if (c.Employer.Mst != f.Mst)
                findings.Add(new Finding(ReconciliationCodes.EmployerMstMismatch, Severity.Reject,
                    $"Unit code {f.EmployerCode} belongs to MST {c.Employer.Mst}, not {f.Mst}.",
                    $"Mã đơn vị {f.EmployerCode} thuộc mã số thuế {c.Employer.Mst}, không phải {f.Mst}."));
            if (c.Employer.Office != f.Office) findings.Add(Mismatch(f.Office, c.Employer.Office));
            return new CheckResult(findings);
        }
        return c.Taxpayer is { } t && t.Office != f.Office ? CheckResult.Of(Mismatch(f.Office, t.Office)) : CheckResult.None;
    }

    private static Finding Mismatch(string filed, string managing) => new(ReconciliationCodes.OfficeMismatch, Severity.Reject,
        $"Filed with office {filed}, but the filer is managed by office {managing}.",
        $"Hồ sơ nộp cho cơ quan {filed}, nhưng cơ quan quản lý là {managing}.");
}
