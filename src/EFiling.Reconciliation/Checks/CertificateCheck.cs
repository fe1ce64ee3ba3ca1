using EFiling.Declarations.Findings;

namespace EFiling.Reconciliation.Checks;

/// <summary>
/// The signing certificate must be one its holder registered for e-filing: the taxpayer's, or, for a declaration
/// signed by its DLyThue tax agent, the agent's (the agent is a row of the taxpayers registry with its own
/// certificates; <see cref="AgentCheck"/> decides whether it may file for this taxpayer). Where the holder registered
/// none and registration is not required, the certificate's MST must be the taxpayer's (its parent's, for a branch)
/// or, signed by the agent, the agent's (which it is, by definition). The certificate is the signer intake verified and
/// recorded; a filing stored without that record goes to an officer rather than being judged on a guess.
/// </summary>
public sealed class CertificateCheck : IReconciliationCheck
{
    public CheckResult Run(ReconciliationContext c, ReconciliationOptions options)
    {
        var f = c.Filing;
        if (f.SignerThumbprint is null)
            return CheckResult.Of(new Finding(ReconciliationCodes.SignerNotRecorded, Severity.Review,
                "The filing was stored without the signer intake verified; check the signing certificate in the document.",
                "Hồ sơ được lưu không kèm thông tin người ký đã được xác thực khi tiếp nhận; cần kiểm tra chứng thư số trong tờ khai."));
        var byAgent = f.SignedByAgent;
        // An unknown holder is reported by the taxpayer or the agent check.
        if ((byAgent ? c.Agent : c.Taxpayer) is not { } holder) return CheckResult.None;
        var thumbprint = f.SignerThumbprint;
        if (holder.CertificateThumbprints.Count > 0 || options.RequireRegisteredCertificates)
        {
            if (holder.CertificateThumbprints.Contains(thumbprint, StringComparer.OrdinalIgnoreCase)) return CheckResult.None;
            return CheckResult.Of(byAgent
                ? new Finding(ReconciliationCodes.CertificateNotRegistered, Severity.Reject,
                    $"The signing certificate {thumbprint} is not registered to tax agent {holder.Mst}.",
                    $"Chứng thư số {thumbprint} chưa được đăng ký cho đại lý thuế {holder.Mst}.")
                : new Finding(ReconciliationCodes.CertificateNotRegistered, Severity.Reject,
                    $"The signing certificate {thumbprint} is not registered to taxpayer {f.Mst}.",
                    $"Chứng thư số {thumbprint} chưa được đăng ký cho người nộp thuế {f.Mst}."));
        }
        if (byAgent) return CheckResult.None;
        var parent = f.Mst.Split('-')[0];
        return f.SignerMst is { } signer && (signer == f.Mst || signer == parent)
            ? CheckResult.None
            : CheckResult.Of(new Finding(ReconciliationCodes.CertificateMstMismatch, Severity.Reject,
                $"The signing certificate carries MST {f.SignerMst ?? "(none)"}, not {f.Mst}.",
                $"Chứng thư số mang mã số thuế {f.SignerMst ?? "(không có)"}, không phải {f.Mst}."));
    }
}
