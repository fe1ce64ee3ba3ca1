using EFiling.Declarations.Findings;

namespace EFiling.Reconciliation;

/// <summary>What one check found; <see cref="WaitFor"/> set means "decide later, something is still coming";
/// <see cref="Clears"/> names intake finding codes this check settles (e.g. revocation found good on a re-check).</summary>
public sealed record CheckResult(IReadOnlyList<Finding> Findings, string? WaitFor = null, IReadOnlyList<string>? Clears = null)
{
    public static readonly CheckResult None = new([]);

    public static CheckResult Of(params Finding[] findings) => new(findings);

    public static CheckResult Wait(string reason) => new([], reason);
}

/// <summary>One reconciliation check: pure, over the context only.</summary>
public interface IReconciliationCheck
{
    CheckResult Run(ReconciliationContext context, ReconciliationOptions options);
}
