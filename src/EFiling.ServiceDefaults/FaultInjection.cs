namespace EFiling.ServiceDefaults;

/// <summary>
/// Named crash points in intake, reconciliation and officers' decisions, where a test may stop the app between two
/// writes to show the crash is healed (by the resubmitted bytes; by the redelivered message; by a repeated request or
/// the sweep), and what happens when even marking a filing Failed fails. The app registers this class, whose
/// <see cref="At"/> does nothing; only a test replaces it (through FunctionsApp.Build's configure hook) with one that
/// throws. No setting switches a crash point on, so none can be deployed.
/// </summary>
public class FaultInjection
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

    /// <summary>Reached the point: the app goes on; a test's replacement may throw here.</summary>
    public virtual void At(string point) { }
}
