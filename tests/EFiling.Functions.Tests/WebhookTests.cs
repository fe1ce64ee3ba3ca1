using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Webhooks;
using EFiling.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace EFiling.Functions.Tests;

/// <summary>
/// Issue 14, item 4: push notifications to vendors. A vendor (its function key) registers a callback; every status
/// change of its filings is POSTed there, signed with HMAC over the timestamp and the body; failures are retried from
/// the webhook-deliveries queue with exponential back-off (short here) and dead-lettered after MaxAttempts, and
/// GET /api/subscriptions/{id}/deliveries shows every attempt. The receivers are real listeners on 127.0.0.1 (allowed by
/// the development setting these apps get); the app and its Azurite are this class's own, so no other app's listener
/// delivers what these tests wait for. Nothing here sleeps against the schedule: each test waits for states it can see.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class WebhookTests(TestEnvironment env) : IAsyncLifetime
{
    private const int MaxAttempts = 12;
    private Azurite _azurite = null!;
    private AppProcess _app = null!;
    private StorageClients _storage = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _storage = StorageClients.FromConnectionString(_azurite.ConnectionString);
        _app = await env.StartAppAsync(_azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["EFiling__Webhooks__AllowPrivateAddresses"] = "true",
            ["EFiling__Webhooks__FirstRetryDelay"] = "00:00:00.2",
            ["EFiling__Webhooks__MaxRetryDelay"] = "00:00:01",
            ["EFiling__Webhooks__MaxAttempts"] = $"{MaxAttempts}",
            ["EFiling__Webhooks__PollingInterval"] = "00:00:00.1",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Each_status_change_reaches_the_receiver_once_with_a_valid_signature()
    {
        await using var receiver = await WebhookReceiver.StartAsync(FreePort.Next());
        var key = NewKey();
        var subscription = await SubscribeAsync(key, receiver.Url);
        var secret = (string)subscription["secret"]!;
        Assert.StartsWith("whsec_", secret);

        var accepted = await SubmitAsync(env.Samples.Valid(), key);
        var rejected = await SubmitAsync(env.Samples.Make(_ => { }, TestRegistry.Suspended(env.Pki)), key);
        var test = await SubmitAsync(env.TestAnchorSamples.Valid(), key, test: true);
        var otherVendor = await SubmitAsync(env.Samples.Valid(), key: null); // no key: no vendor, nothing pushed
        await _app.WaitForStatusAsync(accepted, "Accepted", TimeSpan.FromSeconds(30));
        await _app.WaitForStatusAsync(rejected, "Rejected", TimeSpan.FromSeconds(30));
        await _app.WaitForStatusAsync(otherVendor, "Accepted", TimeSpan.FromSeconds(30));

        await receiver.WaitForAsync(3, TimeSpan.FromSeconds(30));
        await WaitForDeliveriesQueueEmptyAsync();
        var received = receiver.Received.ToList();
        Assert.Equal(3, received.Count);
        foreach (var delivery in received)
        {
            Assert.True(SignatureValid(secret, delivery.Signature, delivery.Body), $"bad signature on {delivery.EventId}");
            Assert.Equal(delivery.EventId, (string?)delivery.Json["id"]);
        }
        var byFiling = received.ToDictionary(d => (string)d.Json["filingId"]!, d => d.Json);
        Assert.Equal("Accepted", (string?)byFiling[accepted]["status"]);
        Assert.False((bool?)byFiling[accepted]["test"]);
        Assert.Equal("Rejected", (string?)byFiling[rejected]["status"]);
        Assert.Equal("Accepted", (string?)byFiling[test]["status"]);
        Assert.True((bool?)byFiling[test]["test"]);
        Assert.DoesNotContain(otherVendor, byFiling.Keys);

        var attempts = await DeliveriesAsync(key, (string)subscription["id"]!);
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal("Delivered", (string?)a!["outcome"]));

        // A signature made with another secret, or replayed outside the window, is refused by the receiver's check.
        var first = received[0];
        Assert.False(SignatureValid("whsec_other", first.Signature, first.Body));
        Assert.False(WebhookSignature.Verify(secret, first.Signature, first.Body, DateTimeOffset.UtcNow.AddMinutes(10), TimeSpan.FromMinutes(5)));
        Assert.True(WebhookSignature.Verify(secret, first.Signature, first.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_receiver_down_for_a_while_gets_the_change_after_it_comes_back()
    {
        var port = FreePort.Next();
        var key = NewKey();
        var subscriptionId = (string)(await SubscribeAsync(key, $"http://127.0.0.1:{port}/hook"))["id"]!;
        var id = await SubmitAsync(env.Samples.Valid(), key);

        // Nothing listens yet: wait until two attempts have failed, each scheduling the next.
        var failed = await WaitForAttemptsAsync(key, subscriptionId, a => a.Count(x => (string?)x!["outcome"] == "Failed") >= 2);
        Assert.All(failed, a => Assert.NotNull((string?)a!["error"]));
        Assert.All(failed, a => Assert.NotNull((string?)a!["nextAttemptAtUtc"]));

        await using var receiver = await WebhookReceiver.StartAsync(port);
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(60));
        var attempts = await WaitForAttemptsAsync(key, subscriptionId, a => a.Any(x => (string?)x!["outcome"] == "Delivered"));
        await WaitForDeliveriesQueueEmptyAsync();
        Assert.Single(receiver.Received);
        Assert.Equal(id, (string?)receiver.Received.Single().Json["filingId"]);
        Assert.Equal("Delivered", (string?)attempts[0]!["outcome"]); // newest first
        Assert.True((int)attempts[0]!["attempt"]! >= 3);
        // The waits grew: each failed attempt's next attempt is later than the one before's by at least the first delay.
        var gaps = attempts.Where(a => (string?)a!["outcome"] == "Failed")
            .Select(a => DateTimeOffset.Parse((string)a!["nextAttemptAtUtc"]!, CultureInfo.InvariantCulture) - DateTimeOffset.Parse((string)a!["atUtc"]!, CultureInfo.InvariantCulture))
            .Reverse().ToList();
        Assert.True(gaps[1] > gaps[0], $"back-off did not grow: {string.Join(", ", gaps)}");
    }

    [Fact]
    public async Task A_receiver_that_never_comes_back_ends_dead_lettered_and_visible()
    {
        var key = NewKey();
        var subscriptionId = (string)(await SubscribeAsync(key, $"http://127.0.0.1:{FreePort.Next()}/hook"))["id"]!;
        var id = await SubmitAsync(env.Samples.Valid(), key);

        var attempts = await WaitForAttemptsAsync(key, subscriptionId, a => a.Any(x => (string?)x!["outcome"] == "DeadLettered"), TimeSpan.FromSeconds(90));
        Assert.Equal(MaxAttempts, attempts.Count);
        Assert.Equal("DeadLettered", (string?)attempts[0]!["outcome"]);
        Assert.Equal(MaxAttempts, (int)attempts[0]!["attempt"]!);
        Assert.All(attempts.Skip(1), a => Assert.Equal("Failed", (string?)a!["outcome"]));
        Assert.All(attempts, a => Assert.Equal(id, (string?)a!["filingId"]));

        var dead = (await _storage.Queues.GetQueueClient(StorageNames.Default.Queues.WebhookDeliveriesDeadLetter).PeekMessagesAsync(32)).Value;
        Assert.Contains(dead, m => m.Body.ToString().Contains(id, StringComparison.Ordinal));
        await WaitForDeliveriesQueueEmptyAsync();
    }

    /// <summary>Under the Functions host the queue trigger calls POST /DeliverWebhook with the message: the same handler, in
    /// the host's answer shape; a change already delivered is not sent again.</summary>
    [Fact]
    public async Task The_host_invocation_delivers_once_and_answers_in_the_host_shape()
    {
        await using var receiver = await WebhookReceiver.StartAsync(FreePort.Next());
        var key = NewKey();
        var subscriptionId = (string)(await SubscribeAsync(key, receiver.Url))["id"]!;
        var change = new StatusEvent("0123456789abcdef0123456789abcdef-002-Accepted", StatusEvent.StatusChanged, "0123456789abcdef0123456789abcdef",
            "TX", "0100109106", "01/GTGT", "3/2026", "Accepted", 2, DateTimeOffset.UtcNow, false, new EventLinks("/a", "/b", "/c"));
        var message = System.Text.Json.JsonSerializer.Serialize(new DeliveryMessage(ClientKeyId(key), subscriptionId, 1, change));
        async Task<JsonNode> InvokeAsync()
        {
            var body = new JsonObject { ["Data"] = new JsonObject { ["msg"] = message }, ["Metadata"] = new JsonObject { ["DequeueCount"] = "1" } };
            using var response = await _app.Client.PostAsync("/DeliverWebhook", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await response.JsonAsync();
            Assert.IsType<JsonObject>(answer["Outputs"]);
            return answer;
        }
        Assert.Contains("delivered", (string?)(await InvokeAsync())["Logs"]![0]);
        Assert.Contains("already Delivered", (string?)(await InvokeAsync())["Logs"]![0]);
        Assert.Equal(change.Id, Assert.Single(receiver.Received).EventId);

        using var bad = await _app.Client.PostAsync("/DeliverWebhook", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    /// <summary>How the app names a vendor: "key:" and 16 hex digits of the key's SHA-256.</summary>
    private static string ClientKeyId(string key) => "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];

    [Fact]
    public async Task Subscriptions_belong_to_their_function_key()
    {
        var key = NewKey();
        var id = (string)(await SubscribeAsync(key, "http://127.0.0.1:9/hook"))["id"]!;
        using var other = await SendAsync(HttpMethod.Get, $"/api/subscriptions/{id}/deliveries", NewKey());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("SUBSCRIPTION_NOT_FOUND", (string?)(await other.JsonAsync())["code"]);
        using var deleteOther = await SendAsync(HttpMethod.Delete, $"/api/subscriptions/{id}", NewKey());
        Assert.Equal(HttpStatusCode.NotFound, deleteOther.StatusCode);
        using var noKey = await SendAsync(HttpMethod.Get, "/api/subscriptions", key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("FUNCTION_KEY_REQUIRED", (string?)(await noKey.JsonAsync())["code"]);

        using var list = await SendAsync(HttpMethod.Get, "/api/subscriptions", key);
        var listed = (await list.JsonAsync()).AsArray();
        Assert.Equal(id, (string?)Assert.Single(listed)!["id"]);
        Assert.DoesNotContain("secret", listed.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        using var delete = await SendAsync(HttpMethod.Delete, $"/api/subscriptions/{id}", key);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var gone = await SendAsync(HttpMethod.Get, $"/api/subscriptions/{id}/deliveries", key);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    internal static string NewKey() => "vendor-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private async Task<JsonNode> SubscribeAsync(string key, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/subscriptions") { Content = JsonContent.Create(new { url }) };
        request.Headers.Add("x-functions-key", key);
        using var response = await _app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    private async Task<string> SubmitAsync(byte[] declaration, string? key, bool test = false)
    {
        using var response = await _app.Client.SubmitAsync(declaration, accept: "application/json", test: test, key: key);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (string)(await response.JsonAsync())["id"]!;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Add("x-functions-key", key);
        return _app.Client.SendAsync(request);
    }

    private async Task<JsonArray> DeliveriesAsync(string key, string subscriptionId)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/subscriptions/{subscriptionId}/deliveries", key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync())["attempts"]!.AsArray();
    }

    private async Task<JsonArray> WaitForAttemptsAsync(string key, string subscriptionId, Func<JsonArray, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var attempts = await DeliveriesAsync(key, subscriptionId);
            if (done(attempts)) return attempts;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Deliveries never got there: {attempts.ToJsonString()}{Environment.NewLine}{_app.OutputTail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>No delivery message left, visible or not: nothing more will be sent.</summary>
    private async Task WaitForDeliveriesQueueEmptyAsync()
    {
        var queue = _storage.Queues.GetQueueClient(StorageNames.Default.Queues.WebhookDeliveries);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("webhook-deliveries never emptied");
            await Task.Delay(100);
        }
    }

    /// <summary>The receiver's own check, written from the README's description (not the app's code): HMAC-SHA256 with
    /// the secret over "{t}.{body}", hex, and t within five minutes.</summary>
    private static bool SignatureValid(string secret, string? header, byte[] body)
    {
        if (header is null) return false;
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var t = long.Parse(parts["t"], CultureInfo.InvariantCulture);
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - t) > 300) return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.ASCII.GetBytes($"{t}."), .. body]);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(parts["v1"]));
    }

}

/// <summary>SSRF: where a callback may point, on the shared app (configured like production: no private addresses).</summary>
[Collection(AppCollection.Name)]
public sealed class WebhookAddressTests(TestEnvironment env)
{
    /// <summary>SSRF: on an app configured like production (the shared one), callbacks must be https to a public address.</summary>
    [Theory]
    [InlineData("http://example.com/hook")]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://[::1]/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.16.0.1/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://100.64.0.1/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]
    [InlineData("https://user:password@example.com/hook")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("not a url")]
    public async Task A_callback_to_an_inside_or_insecure_address_is_refused(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/subscriptions") { Content = JsonContent.Create(new { url }) };
        request.Headers.Add("x-functions-key", WebhookTests.NewKey());
        using var response = await env.App.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("SUBSCRIPTION_URL_NOT_ALLOWED", (string?)problem["code"]);
        Assert.Equal(response.Headers.GetValues("X-Correlation-Id").Single(), (string?)problem["traceId"]);
    }

    /// <summary>DNS rebinding: a delivery checks the address it connects to, whatever the name said at registration.</summary>
    [Fact]
    public async Task A_delivery_connection_to_a_loopback_address_is_refused_unless_allowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync(FreePort.Next());
        var url = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        using var guarded = new HttpClient(new SocketsHttpHandler { ConnectCallback = (c, ct) => CallbackAddresses.ConnectAsync(c, allowPrivate: false, ct) });
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.PostAsync(url, new StringContent("{}")));
        Assert.Contains("SSRF", refused.Message);
        Assert.Empty(receiver.Received);
        using var allowed = new HttpClient(new SocketsHttpHandler { ConnectCallback = (c, ct) => CallbackAddresses.ConnectAsync(c, allowPrivate: true, ct) });
        using var response = await allowed.PostAsync(url, new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

}
