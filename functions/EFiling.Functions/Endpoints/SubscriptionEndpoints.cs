using System.Text.Json;
using System.Text.Json.Serialization;
using EFiling.Functions.Http;
using EFiling.Functions.RateLimiting;
using EFiling.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using EFiling.Webhooks;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Endpoints;

/// <summary>
/// Vendors' webhook subscriptions. A vendor is the function key it calls with: under the Functions host, which checks the
/// key before it forwards the request unchanged (x-functions-key or ?code=), so the app sees the same key and keeps only a
/// hash of it (<see cref="ClientPartitions.Key"/>, as the per-key rate limit does). Standalone there is no host to check
/// keys: any x-functions-key is taken as given (development only). A vendor sees and changes only its own subscriptions;
/// a new key (rotation) is a new vendor, which subscribes again.
/// </summary>
public static class SubscriptionEndpoints
{
    public const int RecentDeliveries = 50;

    /// <param name="subscriptions">/api/subscriptions (FunctionsApp: tag Webhooks, 401 without a function key, 429).</param>
    public static void Map(RouteGroupBuilder subscriptions)
    {
        subscriptions.MapPost("", CreateAsync).WithName("CreateSubscription")
            .WithSummary("Register a callback URL for this function key's filings")
            .WithDescription("Body: {\"url\":\"https://…\"}. 201 with the subscription and its secret (shown only now). Every status change of a filing sent with this key is POSTed there as JSON, signed: X-EFiling-Signature: t={unix seconds},v1={hex HMAC-SHA256(secret, t + \".\" + body)}.")
            .Produces<SubscriptionCreatedJson>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        subscriptions.MapGet("", ListAsync).WithName("ListSubscriptions")
            .WithSummary("This function key's subscriptions (without their secrets)");

        // Another vendor's subscription is answered like one that does not exist.
        var subscription = subscriptions.MapGroup("/{id}").ProducesProblems(StatusCodes.Status404NotFound);
        subscription.MapDelete("", DeleteAsync).WithName("DeleteSubscription")
            .WithSummary("Stop pushing to this subscription (its delivery log goes too)");

        subscription.MapGet("/deliveries", DeliveriesAsync).WithName("GetSubscriptionDeliveries")
            .WithSummary($"The most recent delivery attempts (up to {RecentDeliveries}), newest first");
    }

    private static async Task<Results<JsonHttpResult<SubscriptionCreatedJson>, ProblemHttpResult>> CreateAsync(HttpContext context, Subscriptions subscriptions, StorageReady storage, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        if (Vendor(context) is not { } vendor) return KeyRequired(context);
        SubscriptionRequest? body;
        try { body = await context.Request.ReadFromJsonAsync<SubscriptionRequest>(ct); }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Problems.Single(context, 400, ProblemTypes.SubscriptionInvalid, "Not a subscription", "SUBSCRIPTION_BODY_INVALID",
                "Send JSON {\"url\": \"https://…\"} with Content-Type: application/json.");
        }
        if (await CallbackAddresses.RefusalAsync(body?.Url, options.Value.AllowPrivateAddresses, ct) is { } why)
            return Problems.Single(context, 422, ProblemTypes.SubscriptionInvalid, "Callback URL not allowed", "SUBSCRIPTION_URL_NOT_ALLOWED", why);
        await storage.EnsureAsync(ct);
        if (await subscriptions.AddAsync(vendor, body!.Url!, ct) is not { } created)
            return Problems.Single(context, 409, ProblemTypes.SubscriptionInvalid, "Too many subscriptions", "SUBSCRIPTION_LIMIT",
                $"This function key has {options.Value.MaxSubscriptionsPerVendor} subscriptions already; delete one first.");
        return TypedResults.Json(new SubscriptionCreatedJson(created.Id, created.Url, created.CreatedAtUtc, created.Secret,
            $"/api/subscriptions/{created.Id}/deliveries"), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<Results<Ok<List<SubscriptionJson>>, ProblemHttpResult>> ListAsync(HttpContext context, Subscriptions subscriptions, StorageReady storage, CancellationToken ct)
    {
        if (Vendor(context) is not { } vendor) return KeyRequired(context);
        await storage.EnsureAsync(ct);
        return TypedResults.Ok((await subscriptions.ListAsync(vendor, ct)).Select(SubscriptionJson.From).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(HttpContext context, string id, Subscriptions subscriptions, DeliveryLog log, StorageReady storage, CancellationToken ct)
    {
        if (Vendor(context) is not { } vendor) return KeyRequired(context);
        await storage.EnsureAsync(ct);
        if (!await subscriptions.DeleteAsync(vendor, id, ct)) return NotFound(context, id);
        await log.DeleteAllAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<DeliveriesJson>, ProblemHttpResult>> DeliveriesAsync(HttpContext context, string id, Subscriptions subscriptions, DeliveryLog log, StorageReady storage, CancellationToken ct)
    {
        if (Vendor(context) is not { } vendor) return KeyRequired(context);
        await storage.EnsureAsync(ct);
        // Another vendor's subscription is answered like one that does not exist.
        if (await subscriptions.GetAsync(vendor, id, ct) is not { } subscription) return NotFound(context, id);
        var attempts = await log.RecentAsync(subscription.Id, RecentDeliveries, ct);
        return TypedResults.Ok(new DeliveriesJson(SubscriptionJson.From(subscription), attempts.Select(DeliveryJson.From).ToList()));
    }

    private static string? Vendor(HttpContext context) => ClientPartitions.Key(context.Request);

    private static ProblemHttpResult KeyRequired(HttpContext context) =>
        Problems.Single(context, 401, ProblemTypes.Unauthenticated, "Function key required", "FUNCTION_KEY_REQUIRED",
            "Subscriptions belong to a function key: send it as x-functions-key (or ?code=).");

    private static ProblemHttpResult NotFound(HttpContext context, string id) =>
        Problems.Single(context, 404, ProblemTypes.NotFound, "No such subscription", "SUBSCRIPTION_NOT_FOUND", $"This function key has no subscription '{id}'.");
}

public sealed record SubscriptionRequest([property: JsonPropertyName("url")] string? Url);

/// <summary>A new subscription: its id, URL, creation time, where its deliveries are listed, and its HMAC
/// <c>Secret</c>, shown only in this answer (keep it to verify X-EFiling-Signature).</summary>
public sealed record SubscriptionCreatedJson(string Id, string Url, DateTimeOffset CreatedAtUtc, string Secret, string Deliveries);

public sealed record SubscriptionJson(string Id, string Url, DateTimeOffset CreatedAtUtc)
{
    public static SubscriptionJson From(SubscriptionEntity s) => new(s.Id, s.Url, s.CreatedAtUtc);
}

public sealed record DeliveriesJson(SubscriptionJson Subscription, IReadOnlyList<DeliveryJson> Attempts);

/// <summary>One attempt. Outcome: Delivered, Failed (retried at NextAttemptAtUtc) or DeadLettered (no more attempts).</summary>
public sealed record DeliveryJson(string EventId, string FilingId, string Status, int Attempt, DateTimeOffset AtUtc, string Outcome,
    int? ResponseStatus, string? Error, long DurationMs, DateTimeOffset? NextAttemptAtUtc)
{
    public static DeliveryJson From(DeliveryEntity d) =>
        new(d.EventId, d.FilingId, d.Status, d.Attempt, d.AtUtc, d.Outcome, d.ResponseStatus, d.Error, d.DurationMs, d.NextAttemptAtUtc);
}
