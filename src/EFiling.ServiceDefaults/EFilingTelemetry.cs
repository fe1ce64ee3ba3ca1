using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace EFiling.ServiceDefaults;

/// <summary>
/// The app's own spans and the metrics an operator watches (meter "EFiling"). Static, like the framework's own
/// instruments, so that any class can record without a constructor change; exported by OpenTelemetry
/// (<see cref="TelemetrySetup"/>).
/// </summary>
public static class EFilingTelemetry
{
    public const string Name = "EFiling";

    /// <summary>The log property that carries a filing's id.</summary>
    public const string FilingIdKey = "FilingId";

    /// <summary>The logging scope that puts a filing's id on every log line about it (and on the log records exported
    /// with OpenTelemetry): intake once the id is made, reconciliation, and the host's requests that name a filing.</summary>
    public static IDisposable? FilingScope(ILogger logger, string filingId) =>
        logger.BeginScope(new Dictionary<string, object> { [FilingIdKey] = filingId });

    /// <summary>Spans of the function app (reconciliation of a filing); the checks have their own source,
    /// <c>EFiling.Validation</c> (parse, rules, verify).</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Received = Meter.CreateCounter<long>("efiling.filings.received", "{filing}",
        "Declarations acknowledged by SubmitFiling (outcome: new = 202, duplicate = 200 for bytes already received)");

    private static readonly Counter<long> Refused = Meter.CreateCounter<long>("efiling.filings.refused", "{filing}",
        "Declarations refused by SubmitFiling, once per distinct reject code of each (and its HTTP status)");

    private static readonly Counter<long> Decided = Meter.CreateCounter<long>("efiling.filings.decided", "{filing}",
        "Reconciliation decisions by status (Accepted, Rejected, NeedsReview)");

    private static readonly Histogram<double> VerdictTime = Meter.CreateHistogram<double>("efiling.verdict.duration", "s",
        "Time of the intake checks of one declaration (limits, schema, rules, signature, certificate, revocation)");

    private static readonly Histogram<double> QueueAge = Meter.CreateHistogram<double>("efiling.queue.age", "s",
        "Age of a filings-received message when reconciliation takes it (time spent waiting in the queue)");

    private static readonly Histogram<double> ReconciliationLag = Meter.CreateHistogram<double>("efiling.reconciliation.lag", "s",
        "From a filing's receipt to its reconciliation decision");

    private static readonly Counter<long> TestFilings = Meter.CreateCounter<long>("efiling.test_filings", "{filing}",
        "Test filings (X-EFiling-Test) by outcome (new, duplicate, refused): counted apart, never in the filing counters above");

    private static readonly Counter<long> WebhookAttempts = Meter.CreateCounter<long>("efiling.webhooks.attempts", "{attempt}",
        "Webhook delivery attempts by outcome (Delivered, Failed = retried later, DeadLettered)");

    public static void TestFiling(string outcome) => TestFilings.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void WebhookDelivered(string outcome) => WebhookAttempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Acknowledged(string form, bool created) =>
        Received.Add(1, new("form", form), new("outcome", created ? "new" : "duplicate"));

    public static void RefusedWith(int status, IEnumerable<string> codes)
    {
        foreach (var code in codes.Distinct(StringComparer.Ordinal)) Refused.Add(1, new("code", code), new("status", status));
    }

    public static void Verdict(TimeSpan elapsed, string outcome) => VerdictTime.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    public static void MessageTaken(DateTimeOffset? insertedOn, DateTimeOffset now)
    {
        if (insertedOn is { } inserted) QueueAge.Record(Math.Max(0, (now - inserted).TotalSeconds));
    }

    public static void DecisionRecorded(string status, DateTimeOffset receivedAt, DateTimeOffset decidedAt)
    {
        Decided.Add(1, new KeyValuePair<string, object?>("status", status));
        ReconciliationLag.Record(Math.Max(0, (decidedAt - receivedAt).TotalSeconds), new KeyValuePair<string, object?>("status", status));
    }
}
