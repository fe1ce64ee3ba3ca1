using EFiling.Declarations.Findings;

namespace EFiling.Reconciliation;

/// <summary>The three ends of reconciliation. The names are those of the filing statuses in the API.</summary>
public enum ReconciliationStatus
{
    Accepted,
    Rejected,
    NeedsReview,
}

/// <summary>What reconciliation concluded: decided (status, every finding, days late) or deferred (retry later).</summary>
public abstract record ReconciliationVerdict
{
    public sealed record Decided(ReconciliationStatus Status, IReadOnlyList<Finding> Findings, int DaysLate) : ReconciliationVerdict;

    public sealed record Deferred(string Reason) : ReconciliationVerdict;

    /// <summary>Any reject refuses; otherwise any review sends it to an officer; warnings (late, replaced) still accept.</summary>
    public static ReconciliationStatus Decide(IEnumerable<Finding> findings)
    {
        var worst = findings.Select(f => (Severity?)f.Severity).Max();
        return worst switch
        {
            Severity.Reject => ReconciliationStatus.Rejected,
            Severity.Review => ReconciliationStatus.NeedsReview,
            _ => ReconciliationStatus.Accepted,
        };
    }
}
