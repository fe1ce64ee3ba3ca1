using EFiling.Declarations.Findings;

namespace EFiling.Reconciliation.Checks;

/// <summary>
/// A filing accepted at intake with revocation unknown (CERT_REVOCATION_UNKNOWN, review, under the service's
/// Review policy) has its signer chain checked again before it is decided (<see cref="ReconciliationContext.Revocation"/>,
/// at the original receipt time): now known good clears the intake finding; revoked refuses with CERT_REVOKED (or
/// CERT_ISSUER_REVOKED); still unknown leaves the review finding, so a tax officer decides.
/// </summary>
public sealed class RevocationRecheckCheck : IReconciliationCheck
{
    // The signature codes (EFiling.Signing.SignatureCodes), repeated here: reconciliation does not verify signatures.
    public const string RevocationUnknown = "CERT_REVOCATION_UNKNOWN";
    public const string Revoked = "CERT_REVOKED";

    public CheckResult Run(ReconciliationContext c, ReconciliationOptions options)
    {
        if (!c.IntakeFindings.Any(f => f.Code == RevocationUnknown) || c.Revocation is not { } recheck) return CheckResult.None;
        return recheck.Outcome switch
        {
            RevocationRecheckOutcome.Good => new CheckResult([], Clears: [RevocationUnknown]),
            RevocationRecheckOutcome.Revoked => new CheckResult(
                [new Finding(recheck.Code ?? Revoked, Severity.Reject,
                    $"Revocation checked again after intake: {recheck.Message}",
                    "Kiểm tra lại sau khi tiếp nhận: chứng thư số đã bị thu hồi.")],
                Clears: [RevocationUnknown]),
            _ => CheckResult.None,
        };
    }
}
