using System.Diagnostics;
using EFiling.ServiceDefaults;
using EFiling.Storage;

namespace EFiling.Functions.Telemetry;

/// <summary>
/// One delivery of a filings-received message, as telemetry: a ReconcileFiling span that continues the trace of the
/// request that took the filing in (the message carries its traceparent), so the submission's X-Correlation-Id
/// also finds the decision; the filing-id log scope; and the message's age in the queue.
/// </summary>
public static class ReconcileTelemetry
{
    /// <summary>Starts the delivery's telemetry and makes it current here (one message handled in this flow).</summary>
    /// <param name="logger">Whose scope provider carries the filing id (any logger of the app: scopes are shared).</param>
    /// <param name="messageText">The message as delivered.</param>
    /// <param name="insertedOn">When the message was queued (the listener's QueueMessage, the host's InsertionTime).</param>
    /// <param name="dequeueCount">Which delivery this is.</param>
    public static IDisposable Begin(ILogger logger, string messageText, DateTimeOffset? insertedOn, long dequeueCount)
    {
        var delivery = Start(logger, messageText, insertedOn, dequeueCount);
        var entered = delivery.Enter();
        return new Both(entered, delivery);
    }

    /// <summary>
    /// Starts the delivery's telemetry without making it current, for a batch whose messages are handled side by side:
    /// each message's work then runs inside <see cref="Delivery.Enter"/>, in its own async flow.
    /// </summary>
    public static Delivery Start(ILogger logger, string messageText, DateTimeOffset? insertedOn, long dequeueCount)
    {
        var message = FilingMessage.FromJson(messageText);
        ActivityContext.TryParse(message?.TraceParent, null, isRemote: true, out var intake);
        var outer = Activity.Current;
        // Under the host the invocation's own request span is current: linked, while the intake's trace is the parent.
        ActivityLink[]? links = outer is { } invocation && intake != default ? [new ActivityLink(invocation.Context)] : null;
        var activity = EFilingTelemetry.Source.StartActivity("ReconcileFiling", ActivityKind.Consumer, intake, links: links);
        Activity.Current = outer; // started, not current: Enter makes it current where the message is handled
        activity?.SetTag("efiling.filing_id", message?.FilingId);
        activity?.SetTag("messaging.message.delivery_count", dequeueCount);
        EFilingTelemetry.MessageTaken(insertedOn, DateTimeOffset.UtcNow);
        return new Delivery(activity, logger, message?.FilingId);
    }

    /// <summary>A delivery's span (ended by Dispose) and what <see cref="Enter"/> puts around the work on it.</summary>
    public sealed class Delivery(Activity? activity, ILogger logger, string? filingId) : IDisposable
    {
        /// <summary>The span current and the filing-id log scope open in this async flow until the result is disposed.</summary>
        public IDisposable Enter()
        {
            var previous = Activity.Current;
            if (activity is not null) Activity.Current = activity;
            var scope = filingId is not null ? EFilingTelemetry.FilingScope(logger, filingId) : null;
            return new Entered(scope, previous);
        }

        public void Dispose() => activity?.Dispose();
    }

    private sealed class Entered(IDisposable? scope, Activity? previous) : IDisposable
    {
        public void Dispose()
        {
            scope?.Dispose();
            Activity.Current = previous;
        }
    }

    private sealed class Both(IDisposable entered, IDisposable delivery) : IDisposable
    {
        public void Dispose()
        {
            entered.Dispose();
            delivery.Dispose();
        }
    }
}
