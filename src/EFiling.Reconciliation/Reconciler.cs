using EFiling.Declarations.Findings;
using EFiling.Reconciliation.Checks;

namespace EFiling.Reconciliation;

/// <summary>Runs every check over a context and decides. Pure: the same context always gives the same verdict.</summary>
public sealed class Reconciler(ReconciliationOptions options)
{
    public static readonly IReadOnlyList<IReconciliationCheck> AllChecks =
    [
        new TaxpayerCheck(), new OfficeCheck(), new AgentCheck(), new CertificateCheck(), new OriginalCheck(), new SupplementaryCheck(),
        new DeadlineCheck(), new FiguresHistoryCheck(), new EmployeeCountCheck(), new RevocationRecheckCheck(),
    ];

    public ReconciliationOptions Options => options;

    public ReconciliationVerdict Run(ReconciliationContext context)
    {
        var findings = new List<Finding>(context.IntakeFindings);
        foreach (var check in AllChecks)
        {
            var result = check.Run(context, options);
            if (result.WaitFor is { } reason) return new ReconciliationVerdict.Deferred(reason);
            if (result.Clears is { } cleared) findings.RemoveAll(f => cleared.Contains(f.Code) && context.IntakeFindings.Contains(f));
            findings.AddRange(result.Findings);
        }
        var status = ReconciliationVerdict.Decide(findings);
        // A refused original replaces nothing: the earlier one stays the filing on record.
        var replaces = status == ReconciliationStatus.Rejected ? null : OriginalCheck.Replaced(context)?.Id;
        return new ReconciliationVerdict.Decided(status, findings, DeadlineCheck.DaysLate(context), replaces);
    }
}
