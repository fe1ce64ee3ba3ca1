using EFiling.Functions.Filings;

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

    private static async Task<IResult> ReconcileAsync(InvocationRequest invocation, FilingReconciler reconciler, ILogger<FilingReconciler> logger, CancellationToken ct)
    {
        var message = invocation.Text("msg");
        if (message is null)
            return Results.Json(new InvocationResponse([], ["The invocation carries no Data.msg"], null), statusCode: StatusCodes.Status400BadRequest);

        var outcome = await reconciler.HandleAsync(message, ct);
        foreach (var line in outcome.Logs) logger.LogInformation("ReconcileFiling ({Id}): {Line}", invocation.MetadataText("Id"), line);
        return Results.Json(new InvocationResponse([], outcome.Logs, null),
            statusCode: outcome.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError);
    }
}
