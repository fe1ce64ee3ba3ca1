using EFiling.Declarations.Findings;

namespace EFiling.Reconciliation.Checks;

/// <summary>
/// The signing certificate must be one the taxpayer registered for e-filing. Where none is registered and
/// registration is not required, the certificate's MST must be the taxpayer's (its parent's, for a branch).
/// </summary>
public sealed class CertificateCheck : IReconciliationCheck
{
    public CheckResult Run(ReconciliationContext c, ReconciliationOptions options)
    {
        if (c.Taxpayer is not { } taxpayer) return CheckResult.None; // reported by the taxpayer check
        var f = c.Filing;
        var thumbprint = f.SignerThumbprint ?? "(none)";
        if (taxpayer.CertificateThumbprints.Count > 0 || options.RequireRegisteredCertificates)
        {
            return taxpayer.CertificateThumbprints.Contains(thumbprint, StringComparer.OrdinalIgnoreCase)
                ? CheckResult.None
                : CheckResult.Of(new Finding(ReconciliationCodes.CertificateNotRegistered, Severity.Reject,
                    $"The signing certificate {thumbprint} is not registered to taxpayer {f.Mst}.",
                    $"Chứng thư số {thumbprint} chưa được đăng ký cho người nộp thuế {f.Mst}."));
        }
        var parent = f.Mst.Split('-')[0];
        return f.SignerMst is { } signer && (signer == f.Mst || signer == parent)
            ? CheckResult.None
            : CheckResult.Of(new Finding(ReconciliationCodes.CertificateMstMismatch, Severity.Reject,
                $"The signing certificate carries MST {f.SignerMst ?? "(none)"}, not {f.Mst}.",
                $"Chứng thư số mang mã số thuế {f.SignerMst ?? "(không có)"}, không phải {f.Mst}."));
    }
}
