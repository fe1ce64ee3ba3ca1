using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EFiling.Storage;
using Microsoft.Extensions.Options;

namespace EFiling.Webhooks;

/// <summary>
/// Handles one webhook-deliveries message (the DeliverWebhook function; the standalone listener calls the same): POSTs
/// the event to the subscription's URL, signed (<see cref="WebhookSignature"/>), and records the attempt. A 2xx answer is
/// a delivery. Otherwise the next attempt is queued with an exponential delay (<see cref="WebhookOptions.RetryDelay"/>,
/// as the message's initial invisibility: the host's fixed visibilityTimeout is not used), and after
/// <see cref="WebhookOptions.MaxAttempts"/> the event is dead-lettered: its outcome recorded as DeadLettered (shown by
/// GET /api/subscriptions/{id}/deliveries) and the message put on webhook-deliveries-deadletter. The message in hand
/// is done either way; only a storage failure leaves it to the queue's own retry.
/// </summary>
public sealed class WebhookDeliverer(
    Subscriptions subscriptions, DeliveryLog log, WebhookQueue queue, IHttpClientFactory http, IOptions<WebhookOptions> options,
    TimeProvider time, ILogger<WebhookDeliverer> logger)
{
    public const string HttpClientName = "webhooks";

    /// <summary>Returns what happened, for the log. Throws only when storage failed (the message is then retried).</summary>
    public async Task<string> HandleAsync(string messageText, CancellationToken ct)
    {
        DeliveryMessage? message;
        try { message = JsonSerializer.Deserialize<DeliveryMessage>(messageText); }
        catch (JsonException) { message = null; }
        if (message?.Event is not { } e) return "Not a webhook delivery message; dropped";

        if (await subscriptions.GetAsync(message.Vendor, message.SubscriptionId, ct) is not { } subscription)
            return $"Subscription {message.SubscriptionId} no longer exists; {e.Id} dropped";
        if (await log.OutcomeAsync(subscription.Id, e.Id, ct) is { } done)
            return $"{e.Id} already {done.Outcome} to {subscription.Id}; not sent again";

        var o = options.Value;
        var body = JsonSerializer.SerializeToUtf8Bytes(e);
        var now = time.GetUtcNow();
        var attempt = new DeliveryEntity { EventId = e.Id, FilingId = e.FilingId, Status = e.Status, Attempt = message.Attempt, AtUtc = now };
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Create(subscription.Secret, now.ToUnixTimeSeconds(), body));
            request.Headers.Add("X-EFiling-Event-Id", e.Id);
            request.Headers.Add("X-EFiling-Delivery-Attempt", message.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(o.Timeout);
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            attempt.ResponseStatus = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) attempt.Error = $"answered {(int)response.StatusCode}";
        }
        catch (Exception x) when (x is HttpRequestException or TaskCanceledException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            attempt.Error = Clip(x is TaskCanceledException or OperationCanceledException ? $"no answer within {o.Timeout}" : x.Message);
        }
        attempt.DurationMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        if (attempt.Error is null)
        {
            attempt.Outcome = "Delivered";
            await log.RecordAttemptAsync(subscription.Id, attempt, ct);
            await log.RecordOutcomeAsync(subscription.Id, attempt, ct);
            ServiceDefaults.EFilingTelemetry.WebhookDelivered("Delivered");
            return $"{e.Id} delivered to {subscription.Id} (attempt {message.Attempt}, {attempt.ResponseStatus})";
        }
        if (message.Attempt >= o.MaxAttempts)
        {
            // The dead-letter message first: once the log says DeadLettered, the message is there to replay.
            attempt.Outcome = "DeadLettered";
            await queue.DeadLetter.SendMessageAsync(JsonSerializer.Serialize(message), cancellationToken: ct);
            await log.RecordAttemptAsync(subscription.Id, attempt, ct);
            await log.RecordOutcomeAsync(subscription.Id, attempt, ct);
            ServiceDefaults.EFilingTelemetry.WebhookDelivered("DeadLettered");
            logger.LogWarning("Webhook {EventId} to subscription {SubscriptionId} dead-lettered after {Attempts} attempts: {Error}", e.Id, subscription.Id, message.Attempt, attempt.Error);
            return $"{e.Id} dead-lettered for {subscription.Id} after {message.Attempt} attempts ({attempt.Error})";
        }
        var delay = o.RetryDelay(message.Attempt + 1);
        attempt.Outcome = "Failed";
        attempt.NextAttemptAtUtc = now + delay;
        // The next attempt is queued before this one is recorded and its message deleted: a crash in between repeats an
        // attempt, never loses one.
        await queue.SendAsync(message with { Attempt = message.Attempt + 1 }, delay, ct);
        await log.RecordAttemptAsync(subscription.Id, attempt, ct);
        ServiceDefaults.EFilingTelemetry.WebhookDelivered("Failed");
        return $"{e.Id} to {subscription.Id} failed (attempt {message.Attempt}: {attempt.Error}); next in {delay}";
    }

    private static string Clip(string s) => s.Length <= 300 ? s : s[..300] + "…";

    /// <summary>The HTTP client deliveries use: no redirects, no cookies, and every connection checked against the SSRF rules.</summary>
    public static void AddHttpClient(IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allowPrivate = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateAddresses;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    UseProxy = false,
                    ConnectCallback = (context, ct) => CallbackAddresses.ConnectAsync(context, allowPrivate, ct),
                };
            });
    }
}
