using EFiling.Functions.Filings;
using EFiling.Functions.Hosting;

namespace EFiling.Functions.Endpoints;

/// <summary>
/// Non-HTTP functions, invoked by the Functions host as POST /{FunctionName}. Internal: not in the OpenAPI document,
/// and not under /api, so the host's HTTP routes can never reach them.
/// </summary>
public static class InvocationEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/ReconcileFiling", ReconcileAsync).WithName("ReconcileFiling").ExcludeFromDescription();
    }

    private static async Task<IResult> ReconcileAsync(InvocationRequest invocation, FilingReconciler reconciler, QueueSettings settings, ILogger<FilingReconciler> logger, CancellationToken ct)
    {
        var message = invocation.Text("msg");
        if (message is null)
            return Results.Json(new InvocationResponse([], ["The invocation carries no Data.msg"], null), statusCode: StatusCodes.Status400BadRequest);

        var dequeueCount = long.TryParse(invocation.MetadataText("DequeueCount"), out var n) ? n : 1;
        FilingReconciler.Outcome outcome;
        try
        {
            outcome = await reconciler.HandleAsync(message, dequeueCount, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = new FilingReconciler.Outcome(false, [e.Message]);
        }
        // The host moves the message to the poison queue after this attempt: mark the filing Failed first.
        var logs = outcome.Logs.ToList();
        if (!outcome.Succeeded && dequeueCount >= settings.MaxDequeueCount)
            logs.AddRange(await reconciler.MarkFailedAsync(message, logs.LastOrDefault() ?? "no reason logged", ct));
        foreach (var line in logs) logger.LogInformation("ReconcileFiling ({Id}): {Line}", invocation.MetadataText("Id"), line);
        return Results.Json(new InvocationResponse([], logs, null),
            statusCode: outcome.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError);
    }
}
