using EFiling.Declarations.Findings;

namespace EFiling.Reconciliation;

/// <summary>The three ends of reconciliation. The names are those of the filing statuses in the API.</summary>
public enum ReconciliationStatus
{
    Accepted,
    Rejected,
    NeedsReview,
}

/// <summary>What reconciliation concluded: decided (status, every finding, days late, the original it replaces) or
/// deferred (retry later).</summary>
public abstract record ReconciliationVerdict
{
    /// <param name="Replaces">The earlier original this one replaces (a second original before the deadline, not
    /// itself rejected); null otherwise. The caller marks that filing replaced.</param>
    public sealed record Decided(ReconciliationStatus Status, IReadOnlyList<Finding> Findings, int DaysLate, string? Replaces = null) : ReconciliationVerdict;

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
