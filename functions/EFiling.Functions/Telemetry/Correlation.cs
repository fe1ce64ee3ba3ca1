using System.Diagnostics;

namespace EFiling.Functions.Telemetry;

/// <summary>
/// One id per request, the same everywhere: the W3C trace id of the request's activity. ASP.NET Core continues the
/// trace a caller's <c>traceparent</c> names (so a vendor's own id comes back), or starts one; the id is returned in
/// <c>X-Correlation-Id</c> on every answer, is the <c>traceId</c> of every problem+json and of the receipt's JSON, and is
/// on every log line and span of the request (and of its filing's reconciliation: the queue message carries it).
/// </summary>
public static class Correlation
{
    public const string Header = "X-Correlation-Id";

    /// <summary>The request's correlation id: its trace id (32 lower-case hex digits).</summary>
    public static string Id(HttpContext context) =>
        // The hosting layer starts the activity before any middleware; the fallback only covers a request handled
        // with diagnostics switched off.
        Activity.Current is { } activity && activity.TraceId != default ? activity.TraceId.ToHexString() : context.TraceIdentifier;

    /// <summary>Puts the id on the answer, whatever writes it later: the exception handler clears headers it set before,
    /// but callbacks registered here run when the response starts, after any handler.</summary>
    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var id = Id(context);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
