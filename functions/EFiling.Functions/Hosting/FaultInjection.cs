using EFiling.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Hosting;

/// <summary>
/// Test-only crash points (setting EFiling:InjectFault, one or more, comma-separated) in intake, reconciliation and
/// officers' decisions: lets the tests show that a crash between two writes is healed (by the resubmitted bytes; by the
/// redelivered message; by a repeated request or the sweep), and what happens when even marking a filing Failed fails.
/// Unset in production: every call is a no-op.
/// </summary>
public sealed class FaultInjection(IOptions<EFilingOptions> options)
{
    /// <summary>Intake: after the document blob is created, before the queue message and the row; the request fails with
    /// 500 (nothing acknowledged). Fires only for the submission that created the blob.</summary>
    public const string AfterDocument = "AfterDocument";

    /// <summary>Intake: after the queue message is sent, before the filing row; the request fails with 500.</summary>
    public const string AfterMessage = "AfterMessage";

    /// <summary>Before anything is written, on every delivery: the message ends in the poison queue.</summary>
    public const string BeforeDecision = "BeforeDecision";

    /// <summary>After the status is written, before the notice and the history row.</summary>
    public const string AfterDecision = "AfterDecision";

    /// <summary>After the notice is written, before the history row.</summary>
    public const string AfterNotice = "AfterNotice";

    /// <summary>After the filing was counted in the statistics (for the first time), before its message is done: the
    /// message comes back, and must count nothing again.</summary>
    public const string AfterCount = "AfterCount";

    /// <summary>After an officer's decision is committed into the filing row, before its history row, notice and
    /// audit entry (Review.ReviewDecisions), on every decision: the request fails with 500.</summary>
    public const string AfterReviewDecision = "AfterReviewDecision";

    /// <summary>When the last allowed delivery has failed, before the filing is marked Failed.</summary>
    public const string BeforeMarkFailed = "BeforeMarkFailed";

    private readonly HashSet<string> _points = (options.Value.InjectFault ?? "")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    public void At(string point)
    {
        if (_points.Contains(point))
            throw new InjectedFaultException(point);
    }
}

public sealed class InjectedFaultException(string point) : Exception($"Injected fault at {point} (EFiling__InjectFault)");
