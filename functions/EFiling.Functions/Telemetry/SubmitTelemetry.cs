using EFiling.Declarations.Findings;
using EFiling.Intake;
using EFiling.ServiceDefaults;

namespace EFiling.Functions.Telemetry;

/// <summary>What became of a submission, for the operator: the received/refused counters, and one log line (in the
/// filing's scope when it got one) that the request's correlation id finds.</summary>
public static class SubmitTelemetry
{
    public static void Record(ILogger logger, SubmissionResult result, int refusalStatus, bool test = false)
    {
        if (test)
        {
            // Never in the filing counters: a test filing is no filing.
            EFilingTelemetry.TestFiling(result is SubmissionResult.Acknowledged a ? a.Created ? "new" : "duplicate" : "refused");
            if (result is SubmissionResult.Acknowledged t)
                using (EFilingTelemetry.FilingScope(logger, t.Facts.Id))
                    logger.LogInformation("Test filing {FilingId} {Outcome}: {Form} of {Mst} for {Period}", t.Facts.Id,
                        t.Created ? "received" : "received again (same bytes)", t.Facts.Form, t.Facts.Mst, t.Facts.Period);
            else logger.LogInformation("Test declaration refused ({Status})", refusalStatus);
            return;
        }
        switch (result)
        {
            case SubmissionResult.Acknowledged acknowledged:
                EFilingTelemetry.Acknowledged(acknowledged.Facts.Form, acknowledged.Created);
                using (EFilingTelemetry.FilingScope(logger, acknowledged.Facts.Id))
                    logger.LogInformation("Filing {FilingId} {Outcome}: {Form} of {Mst} for {Period}", acknowledged.Facts.Id,
                        acknowledged.Created ? "received" : "received again (same bytes)", acknowledged.Facts.Form, acknowledged.Facts.Mst, acknowledged.Facts.Period);
                break;
            case SubmissionResult.Refused refused:
                var codes = refused.Verdict.Findings.Where(f => f.Severity == Severity.Reject).Select(f => f.Code).Distinct().ToList();
                EFilingTelemetry.RefusedWith(refusalStatus, codes);
                logger.LogInformation("Declaration refused ({Status}): {Codes}", refusalStatus, string.Join(", ", codes));
                break;
        }
    }
}
