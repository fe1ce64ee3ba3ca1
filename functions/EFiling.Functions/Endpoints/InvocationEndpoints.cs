using System.Text.Json;
using EFiling.Functions.Hosting;
using EFiling.Reconciliation;
using EFiling.Functions.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EFiling.Functions.Endpoints;

/// <summary>
/// Non-HTTP functions, invoked by the Functions host as POST /{FunctionName}. Internal: not in the OpenAPI document,
/// and not under /api, so the host's HTTP routes can never reach them.
/// </summary>
public static class InvocationEndpoints
{
    /// <param name="host">The root, outside /api (FunctionsApp: excluded from the OpenAPI document).</param>
    public static void Map(RouteGroupBuilder host)
    {
        host.MapPost("/ReconcileFiling", ReconcileAsync).WithName("ReconcileFiling");
        host.MapPost("/DeliverWebhook", DeliverWebhookAsync).WithName("DeliverWebhook");
    }

    /// <summary>One webhook-deliveries message (<see cref="Webhooks.WebhookDeliverer"/>): 200 when it is done (delivered,
    /// its next attempt queued, or dead-lettered); 500 only when storage failed, so the host delivers it again (after
    /// maxDequeueCount tries the host moves it to webhook-deliveries-poison).</summary>
    private static async Task<JsonHttpResult<InvocationResponse>> DeliverWebhookAsync(HttpRequest request, Webhooks.WebhookDeliverer deliverer, ILogger<Webhooks.WebhookDeliverer> logger, CancellationToken ct)
    {
        var (_, message, refused) = await ReadAsync(request, ct);
        if (refused is not null) return refused;
        try
        {
            var line = await deliverer.HandleAsync(message, ct);
            logger.LogInformation("DeliverWebhook: {Line}", line);
            return Answer([line], StatusCodes.Status200OK);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "DeliverWebhook failed; the host delivers the message again");
            return Answer([e.Message], StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>
    /// Always answers in the host's response shape (<see cref="InvocationResponse"/>), 200 when the message is done
    /// and 500 when it must be retried, so the host can log what happened whatever went wrong.
    /// </summary>
    private static async Task<JsonHttpResult<InvocationResponse>> ReconcileAsync(HttpRequest request, FilingReconciler reconciler, QueueSettings settings, ILogger<FilingReconciler> logger, CancellationToken ct)
    {
        var (invocation, message, refused) = await ReadAsync(request, ct);
        if (refused is not null) return refused;

        var id = invocation.MetadataText("Id");
        var dequeueCount = long.TryParse(invocation.MetadataText("DequeueCount"), out var n) ? n : 1;
        using var delivery = ReconcileTelemetry.Begin(logger, message,
            DateTimeOffset.TryParse(invocation.MetadataText("InsertionTime"), out var inserted) ? inserted : null, dequeueCount);
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
        {
            try
            {
                logs.AddRange(await reconciler.MarkFailedAsync(message, logs.LastOrDefault() ?? "no reason logged", ct));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The host poisons the message whatever we answer: say why the filing is still Received.
                logger.LogError(e, "ReconcileFiling ({Id}): the filing could not be marked Failed before the host moves its message to the poison queue", id);
                logs.Add($"Could not mark the filing Failed ({e.Message}); it stays Received until its poison message is replayed");
            }
        }
        foreach (var line in logs) logger.LogInformation("ReconcileFiling ({Id}): {Line}", id, line);
        return Answer(logs, outcome.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError);
    }

    /// <summary>The host's invocation and its Data.msg, or the 400 to answer when the body is not that.</summary>
    private static async Task<(InvocationRequest Invocation, string Message, JsonHttpResult<InvocationResponse>? Refused)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        InvocationRequest? invocation;
        try
        {
            invocation = await request.ReadFromJsonAsync<InvocationRequest>(ct);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (null!, "", Answer([$"The invocation is not the host's JSON payload: {e.Message}"], StatusCodes.Status400BadRequest));
        }
        if (invocation?.Text("msg") is not { } message) return (null!, "", Answer(["The invocation carries no Data.msg"], StatusCodes.Status400BadRequest));
        return (invocation, message, null);
    }

    private static JsonHttpResult<InvocationResponse> Answer(IReadOnlyList<string> logs, int status) =>
        TypedResults.Json(new InvocationResponse([], logs, null), statusCode: status);
}
