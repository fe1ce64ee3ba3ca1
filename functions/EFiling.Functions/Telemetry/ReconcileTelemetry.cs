using System.Diagnostics;
using EFiling.Storage;

namespace EFiling.Functions.Telemetry;

/// <summary>
/// One delivery of a filings-received message, as telemetry: a ReconcileFiling span that continues the trace of the
/// request that took the filing in (the message carries its traceparent), so the submission's X-Correlation-Id
/// also finds the decision; the filing-id log scope; and the message's age in the queue.
/// </summary>
public static class ReconcileTelemetry
{
    /// <param name="logger">Whose scope provider carries the filing id (any logger of the app: scopes are shared).</param>
    /// <param name="messageText">The message as delivered.</param>
    /// <param name="insertedOn">When the message was queued (the listener's QueueMessage, the host's InsertionTime).</param>
    /// <param name="dequeueCount">Which delivery this is.</param>
    public static IDisposable Begin(ILogger logger, string messageText, DateTimeOffset? insertedOn, long dequeueCount)
    {
        var message = FilingMessage.FromJson(messageText);
        ActivityContext.TryParse(message?.TraceParent, null, isRemote: true, out var intake);
        // Under the host the invocation's own request span is current: linked, while the intake's trace is the parent.
        ActivityLink[]? links = Activity.Current is { } invocation && intake != default ? [new ActivityLink(invocation.Context)] : null;
        var activity = EFilingTelemetry.Source.StartActivity("ReconcileFiling", ActivityKind.Consumer, intake, links: links);
        activity?.SetTag("efiling.filing_id", message?.FilingId);
        activity?.SetTag("messaging.message.delivery_count", dequeueCount);
        EFilingTelemetry.MessageTaken(insertedOn, DateTimeOffset.UtcNow);
        var scope = message is not null ? FilingLog.Scope(logger, message.FilingId) : null;
        return new Delivery(activity, scope);
    }

    private sealed class Delivery(Activity? activity, IDisposable? scope) : IDisposable
    {
        public void Dispose()
        {
            scope?.Dispose();
            activity?.Dispose();
        }
    }
}
