using EFiling.Declarations.Deadlines;
using EFiling.Declarations.Findings;

namespace EFiling.Reconciliation.Checks;

/// <summary>
/// A late original is accepted but marked late, with the days late (Vietnam date of receipt against the due date,
/// already moved past weekends and holidays). Supplementaries have no deadline of their own.
/// </summary>
public sealed class DeadlineCheck : IReconciliationCheck
{
    public CheckResult Run(ReconciliationContext c, ReconciliationOptions options)
    {
        var days = DaysLate(c);
        return days == 0 ? CheckResult.None : CheckResult.Of(new Finding(ReconciliationCodes.Late, Severity.Warn,
            $"Filed {days} day(s) after the deadline {c.DueDate:yyyy-MM-dd}.", $"Nộp chậm {days} ngày so với hạn nộp {c.DueDate:dd/MM/yyyy}."));
    }

    public static int DaysLate(ReconciliationContext c)
    {
        if (c.Filing.IsSupplementary || c.DueDate is not { } due) return 0;
        var filed = VietnamTime.DateOf(c.Filing.ReceivedAtUtc);
        return filed > due ? filed.DayNumber - due.DayNumber : 0;
    }
}
