using EFiling.Declarations.Findings;
using EFiling.Reconciliation;

namespace EFiling.Reconciliation.Tests;

/// <summary>A filing acknowledged with revocation unknown is decided by the re-check reconciliation ran.</summary>
public class RevocationRecheckTests
{
    private static readonly Reconciler Reconciler = new(new ReconciliationOptions());
    private static readonly Finding Unknown = new("CERT_REVOCATION_UNKNOWN", Severity.Review, "OCSP responder down");

    private static ReconciliationVerdict.Decided Decide(RevocationRecheck? recheck) =>
        Assert.IsType<ReconciliationVerdict.Decided>(Reconciler.Run(Contexts.Clean() with { IntakeFindings = [Unknown], Revocation = recheck }));

    [Fact]
    public void Known_good_now_clears_the_intake_finding_and_accepts()
    {
        var d = Decide(new RevocationRecheck(RevocationRecheckOutcome.Good));

        Assert.Equal(ReconciliationStatus.Accepted, d.Status);
        Assert.DoesNotContain(d.Findings, f => f.Code == "CERT_REVOCATION_UNKNOWN");
    }

    [Fact]
    public void Revoked_now_refuses_with_cert_revoked()
    {
        var d = Decide(new RevocationRecheck(RevocationRecheckOutcome.Revoked, "CERT_REVOKED", "revoked at 2025-10-19"));

        Assert.Equal(ReconciliationStatus.Rejected, d.Status);
        Assert.Equal(["CERT_REVOKED"], d.Findings.Select(f => f.Code));
    }

    [Fact]
    public void Still_unknown_stays_in_review()
    {
        var d = Decide(new RevocationRecheck(RevocationRecheckOutcome.Unknown, null, "still down"));

        Assert.Equal(ReconciliationStatus.NeedsReview, d.Status);
        Assert.Contains(d.Findings, f => f.Code == "CERT_REVOCATION_UNKNOWN");
    }

    [Fact]
    public void Not_rechecked_stays_in_review()
    {
        Assert.Equal(ReconciliationStatus.NeedsReview, Decide(null).Status);
    }
}
