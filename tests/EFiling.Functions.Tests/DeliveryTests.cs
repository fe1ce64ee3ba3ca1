using System.Net;
using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.ServiceDefaults;
using EFiling.Storage;

namespace EFiling.Functions.Tests;

/// <summary>
/// Exactly-once effects under at-least-once delivery: concurrent and repeated delivery, a crash between two writes,
/// and the poison path with its replay. Each test has its own Azurite and app, so no other listener takes its messages;
/// an app with crash points runs inside the test process (only a test can register them).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DeliveryTests(TestEnvironment env)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_same_message_delivered_many_times_at_once_ends_in_one_outcome_and_one_notice()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartAppAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["EFiling__QueueListener"] = "false" });
        var (id, message) = await SubmitQueuedAsync(app, azurite, env.Samples.Valid());

        var first = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => InvokeAsync(app, message, 1)));
        Assert.All(first, r => Assert.Equal(HttpStatusCode.OK, r));
        var again = await InvokeAsync(app, message, 2); // a later redelivery
        Assert.Equal(HttpStatusCode.OK, again);

        var status = await app.Client.GetFromJsonNodeAsync($"/api/filings/{id}");
        Assert.Equal("Accepted", (string?)status["status"]);
        Assert.Equal(["Received", "Accepted"], status["history"]!.AsArray().Select(h => (string)h!["status"]!));
        var notices = (await app.Client.GetFromJsonNodeAsync($"/api/filings/{id}/notifications"))["notifications"]!.AsArray();
        Assert.Equal("002-Accepted", (string?)Assert.Single(notices)!["name"]);
    }

    [Theory]
    [InlineData("AfterDecision")]
    [InlineData("AfterNotice")]
    public async Task A_crash_between_two_writes_is_completed_by_the_redelivered_message(string point)
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartInProcessAppAsync(azurite.ConnectionString, crashAt: point);
        var id = await SubmitAsync(app, env.Samples.Valid());

        var status = await WaitUntilAsync(app, id, s => s["history"]!.AsArray().Count == 2);
        Assert.Equal("Accepted", (string?)status["status"]);
        Assert.Contains($"Injected fault at {point}", app.Output);
        var notices = (await app.Client.GetFromJsonNodeAsync($"/api/filings/{id}/notifications"))["notifications"]!.AsArray();
        Assert.Single(notices);
        ReconciliationTests.ValidNotice(await app.Client.GetStringAsync($"/api/filings/{id}/notifications/002-Accepted"));
    }

    /// <summary>The message is handled and the filing counted, then the process stops before the message is done: it
    /// comes back, and the filing is still counted once in each of its nine statistics nodes.</summary>
    [Fact]
    public async Task A_crash_after_counting_is_redelivered_and_counts_nothing_twice()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartInProcessAppAsync(azurite.ConnectionString, crashAt: FaultInjection.AfterCount);
        var id = await SubmitAsync(app, env.Samples.Valid());

        var status = await app.WaitForStatusAsync(id, "Accepted", Wait);
        // The first delivery counted and "crashed"; the redelivery found the filing counted and finished.
        await WaitForLogAsync(app, $"Filing {id} is already Accepted; follow-ups checked");
        Assert.Contains("Injected fault at AfterCount", app.Output);
        Assert.Equal(["Received", "Accepted"], status["history"]!.AsArray().Select(h => (string)h!["status"]!));

        var reader = new EFiling.Statistics.StatsReader(StorageClients.FromConnectionString(azurite.ConnectionString), StorageNames.Default, EFiling.Statistics.IndicatorCatalogue.Load());
        var day = EFiling.Declarations.Deadlines.VietnamTime.DateOf(DateTimeOffset.Parse((string)status["receipt"]!["receivedAtUtc"]!));
        foreach (var period in EFiling.Statistics.StatsPeriod.Containing(day))
        foreach (var scope in new[] { EFiling.Statistics.GeoScope.Office("10100"), EFiling.Statistics.GeoScope.Province("101"), EFiling.Statistics.GeoScope.Nation })
        {
            var node = await reader.ReadAsync(scope, period, new EFiling.Statistics.ReadCost());
            Assert.Equal((1L, 1L), (node.Get("D_tax"), node.Get("D_tax_online")));
        }
    }

    /// <summary>A message queued by an earlier version names the filing only: reconciliation reads the row and the
    /// stored document, and decides the same way.</summary>
    [Fact]
    public async Task A_message_of_an_earlier_version_with_the_keys_only_is_reconciled_from_the_row_and_the_document()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartAppAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["EFiling__QueueListener"] = "false" });
        var (id, message) = await SubmitQueuedAsync(app, azurite, env.Samples.Make(doc => DeclarationSamples.Set(doc, "ct21", "1")));
        var keysOnly = FilingMessage.For(FilingMessage.FromJson(message)!.Facts!).ToJson();
        Assert.DoesNotContain("facts", keysOnly);

        Assert.Equal(HttpStatusCode.OK, await InvokeAsync(app, keysOnly, 1));
        var status = await app.Client.GetFromJsonNodeAsync($"/api/filings/{id}");
        Assert.Equal("NeedsReview", (string?)status["status"]);
        Assert.Equal(["GTGT-021"], ReconciliationTests.Codes(status));
    }

    [Fact]
    public async Task A_replaced_original_is_marked_once_under_concurrent_delivery_and_a_crash_before_the_history_row()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartInProcessAppAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["EFiling__QueueListener"] = "false" },
            FaultInjection.AfterNotice);
        var (year, quarter) = DeclarationSamples.NewQuarter();
        var (first, firstMessage) = await SubmitQueuedAsync(app, azurite, env.Samples.Make(doc => DeclarationSamples.SetQuarter(doc, year, quarter)));
        Assert.Equal(HttpStatusCode.InternalServerError, await InvokeAsync(app, firstMessage, 1)); // decided, then crashed
        Assert.Equal(HttpStatusCode.OK, await InvokeAsync(app, firstMessage, 2));

        // The second original: one delivery decides and crashes after its notice, the others complete the follow-ups.
        var (second, secondMessage) = await SubmitQueuedAsync(app, azurite, env.Samples.Make(doc => DeclarationSamples.SetQuarter(doc, year, quarter)));
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => InvokeAsync(app, secondMessage, 1)));
        Assert.Equal(HttpStatusCode.OK, await InvokeAsync(app, secondMessage, 2));

        var replacing = await app.Client.GetFromJsonNodeAsync($"/api/filings/{second}");
        Assert.Equal("Accepted", (string?)replacing["status"]);
        Assert.Equal(first, (string?)replacing["replaces"]);
        var replaced = await app.Client.GetFromJsonNodeAsync($"/api/filings/{first}");
        Assert.Equal(second, (string?)replaced["replacedBy"]);
        Assert.Equal(["Received", "Accepted", "Replaced"], replaced["history"]!.AsArray().Select(h => (string)h!["status"]!));
        Assert.Single((await app.Client.GetFromJsonNodeAsync($"/api/filings/{first}/notifications"))["notifications"]!.AsArray());
        Assert.Single((await app.Client.GetFromJsonNodeAsync($"/api/filings/{second}/notifications"))["notifications"]!.AsArray());
    }

    [Fact]
    public async Task Of_two_supplementaries_with_the_same_number_delivered_at_once_only_the_earlier_is_accepted()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartAppAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["EFiling__QueueListener"] = "false" });
        var (year, quarter) = DeclarationSamples.NewQuarter();
        var (_, originalMessage) = await SubmitQueuedAsync(app, azurite, env.Samples.Make(doc => DeclarationSamples.SetQuarter(doc, year, quarter)));
        Assert.Equal(HttpStatusCode.OK, await InvokeAsync(app, originalMessage, 1));
        byte[] Supplementary1() => env.Samples.Make(doc => { DeclarationSamples.SetQuarter(doc, year, quarter); DeclarationSamples.SetSupplementary(doc, 1); });
        var (earlier, earlierMessage) = await SubmitQueuedAsync(app, azurite, Supplementary1());
        var (later, laterMessage) = await SubmitQueuedAsync(app, azurite, Supplementary1());

        // Alone, the later one does not take the number the earlier, still undecided, one holds: it waits.
        Assert.Equal(HttpStatusCode.InternalServerError, await InvokeAsync(app, laterMessage, 1));
        Assert.Equal("Received", (string?)(await app.Client.GetFromJsonNodeAsync($"/api/filings/{later}"))["status"]);

        // Both at once, several times each; then the later one's next delivery, once the earlier one is decided.
        await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => new[] { InvokeAsync(app, earlierMessage, 1), InvokeAsync(app, laterMessage, 2) }));
        Assert.Equal(HttpStatusCode.OK, await InvokeAsync(app, laterMessage, 2));

        var first = await app.Client.GetFromJsonNodeAsync($"/api/filings/{earlier}");
        Assert.Equal("Accepted", (string?)first["status"]);
        Assert.Empty(ReconciliationTests.Codes(first));
        var second = await app.Client.GetFromJsonNodeAsync($"/api/filings/{later}");
        Assert.Equal("Rejected", (string?)second["status"]);
        Assert.Equal(["REC_SUPPLEMENTARY_NUMBER_USED"], ReconciliationTests.Codes(second));
        foreach (var id in new[] { earlier, later })
        {
            var status = await app.Client.GetFromJsonNodeAsync($"/api/filings/{id}");
            Assert.Equal(2, status["history"]!.AsArray().Count);
            Assert.Single((await app.Client.GetFromJsonNodeAsync($"/api/filings/{id}/notifications"))["notifications"]!.AsArray());
        }
    }

    [Fact]
    public async Task A_message_that_keeps_failing_marks_the_filing_Failed_goes_to_poison_and_replays_after_a_fix()
    {
        await using var azurite = await Azurite.StartAsync();
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString);
        var queue = new FilingQueue(clients, StorageNames.Default);
        string id;
        await using (var broken = await env.StartInProcessAppAsync(azurite.ConnectionString, crashAt: FaultInjection.BeforeDecision))
        {
            id = await SubmitAsync(broken, env.Samples.Valid());
            // host.json: maxDequeueCount 5, one second apart here.
            var failed = await broken.WaitForStatusAsync(id, "Failed", Wait);
            Assert.Equal(["Received", "Failed"], failed["history"]!.AsArray().Select(h => (string)h!["status"]!));
            Assert.Contains("poison", (string?)failed["history"]![1]!["note"]);
            // The filing is marked Failed first, then its message moves: wait for that.
            await WaitForPoisonAsync(queue, broken);
            Assert.Equal(1, (await queue.Poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        }

        await using var fixedApp = await env.StartAppAsync(azurite.ConnectionString);
        var replay = await EfilingCli.RunAsync("replay-poison", "--connection", azurite.ConnectionString);
        Assert.True(replay.ExitCode == 0, replay.Output);
        Assert.Contains("replayed 1 message(s)", replay.Output);

        var status = await fixedApp.WaitForStatusAsync(id, "Accepted", Wait);
        Assert.Equal(["Received", "Failed", "Accepted"], status["history"]!.AsArray().Select(h => (string)h!["status"]!));
        var notice = Assert.Single((await fixedApp.Client.GetFromJsonNodeAsync($"/api/filings/{id}/notifications"))["notifications"]!.AsArray());
        Assert.Equal("003-Accepted", (string?)notice!["name"]);
        Assert.Equal(0, (await queue.Poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Under_the_host_the_last_allowed_attempt_marks_the_filing_Failed_before_failing()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartInProcessAppAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["EFiling__QueueListener"] = "false" },
            FaultInjection.BeforeDecision);
        var (id, message) = await SubmitQueuedAsync(app, azurite, env.Samples.Valid());
        Assert.Equal(HttpStatusCode.InternalServerError, await InvokeAsync(app, message, 4));
        Assert.Equal("Received", (string?)(await app.Client.GetFromJsonNodeAsync($"/api/filings/{id}"))["status"]);
        Assert.Equal(HttpStatusCode.InternalServerError, await InvokeAsync(app, message, 5));
        Assert.Equal("Failed", (string?)(await app.Client.GetFromJsonNodeAsync($"/api/filings/{id}"))["status"]);
    }

    [Fact]
    public async Task Under_the_host_a_filing_that_cannot_be_marked_Failed_is_still_answered_in_the_hosts_shape()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartInProcessAppAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["EFiling__QueueListener"] = "false" },
            FaultInjection.BeforeDecision, FaultInjection.BeforeMarkFailed);
        var (id, message) = await SubmitQueuedAsync(app, azurite, env.Samples.Valid());

        var (status, body) = await HostInvocation.ReconcileAsync(app, message, 5);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        AssertHostShape(body);
        var logs = body!["Logs"]!.AsArray().Select(l => (string)l!).ToList();
        Assert.Contains(logs, l => l.Contains("Injected fault at BeforeDecision"));
        Assert.Contains(logs, l => l.Contains("Could not mark the filing Failed (Injected fault at BeforeMarkFailed"));
        Assert.Equal("Received", (string?)(await app.Client.GetFromJsonNodeAsync($"/api/filings/{id}"))["status"]);
        Assert.Contains("could not be marked Failed", app.Output);

        // Not even the host's payload: still its shape.
        using var garbage = await app.Client.PostAsync("/ReconcileFiling", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        AssertHostShape(await garbage.JsonAsync());
    }

    [Fact]
    public async Task Standalone_a_filing_that_cannot_be_marked_Failed_still_has_its_message_moved_to_the_poison_queue()
    {
        await using var azurite = await Azurite.StartAsync();
        var queue = new FilingQueue(StorageClients.FromConnectionString(azurite.ConnectionString), StorageNames.Default);
        await using var app = await env.StartInProcessAppAsync(azurite.ConnectionString, crashAt: [FaultInjection.BeforeDecision, FaultInjection.BeforeMarkFailed]);
        var id = await SubmitAsync(app, env.Samples.Valid());

        // host.json: maxDequeueCount 5, one second apart here; without the guard the message would come back only after
        // its two-minute lease, again and again.
        await WaitForPoisonAsync(queue, app);
        Assert.Equal("Received", (string?)(await app.Client.GetFromJsonNodeAsync($"/api/filings/{id}"))["status"]);
        Assert.Contains("could not be marked Failed", app.Output);
    }

    private static async Task WaitForLogAsync(ITestApp app, string line)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!app.Output.Contains(line))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The app never logged \"{line}\"\n{app.OutputTail()}");
            await Task.Delay(100);
        }
    }

    private static async Task WaitForPoisonAsync(FilingQueue queue, ITestApp app)
    {
        var deadline = DateTime.UtcNow + Wait;
        while ((await queue.Poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The message never reached the poison queue\n{app.OutputTail()}");
            await Task.Delay(100);
        }
    }

    private static void AssertHostShape(JsonNode? body)
    {
        var answer = Assert.IsType<JsonObject>(body);
        Assert.IsType<JsonObject>(answer["Outputs"]);
        Assert.NotEmpty(answer["Logs"]!.AsArray());
        Assert.True(answer.ContainsKey("ReturnValue"));
    }

    private static async Task<string> SubmitAsync(ITestApp app, byte[] bytes)
    {
        using var response = await app.Client.SubmitAsync(bytes, accept: "application/json");
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{app.Output}");
        return (string)(await response.JsonAsync())["id"]!;
    }

    /// <summary>Submits with the app's listener off, and returns the message intake queued (left in the queue: the test
    /// delivers it as the host would, as often as it likes).</summary>
    private static async Task<(string Id, string Message)> SubmitQueuedAsync(ITestApp app, Azurite azurite, byte[] bytes)
    {
        var id = await SubmitAsync(app, bytes);
        var queue = new FilingQueue(StorageClients.FromConnectionString(azurite.ConnectionString), StorageNames.Default);
        foreach (var peeked in (await queue.Received.PeekMessagesAsync(32)).Value)
            if (FilingMessage.FromJson(peeked.MessageText) is { } message && message.FilingId == id)
            {
                Assert.NotNull(message.Facts); // the facts travel with it
                return (id, peeked.MessageText);
            }
        throw new Xunit.Sdk.XunitException($"No message for filing {id} in the queue");
    }

    /// <summary>POST /ReconcileFiling as the Functions host does; only the status matters here.</summary>
    private static async Task<HttpStatusCode> InvokeAsync(ITestApp app, string message, int dequeueCount) =>
        (await HostInvocation.ReconcileAsync(app, message, dequeueCount)).Status;

    private static async Task<JsonNode> WaitUntilAsync(ITestApp app, string id, Func<JsonNode, bool> done)
    {
        var deadline = DateTime.UtcNow + Wait;
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await app.Client.GetFromJsonNodeAsync($"/api/filings/{id}");
            if (done(last)) return last;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Filing {id}: {last?.ToJsonString()}\n{app.OutputTail()}");
    }
}
