using System.Text;
using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EFiling.Functions.Tests;

/// <summary>
/// The Functions host only knows the function.json files; the app only knows its endpoints. These tests keep
/// the two in step, and check the host's invocation contract for the queue function.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FunctionMetadataTests(TestEnvironment env)
{
    private sealed record Route(string Function, string Pattern, string Method);

    private static IReadOnlyList<(string Name, JsonObject Trigger)> Functions() =>
        Directory.GetDirectories(Repo.Path("functions"))
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(d => (Path.GetFileName(d), (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(d, "function.json")))!["bindings"]!
                .AsArray().First(b => ((string?)b!["type"])!.EndsWith("Trigger", StringComparison.Ordinal))!))
            .ToList();

    /// <summary>The routes the host will use: api/{route} for HTTP triggers, POST /{Name} for the others.</summary>
    private static HashSet<Route> RoutesFromFunctionJson() =>
        Functions().SelectMany(f => (string?)f.Trigger["type"] == "httpTrigger"
                ? f.Trigger["methods"]!.AsArray().Select(m => new Route(f.Name, "api/" + (string?)f.Trigger["route"], ((string?)m)!.ToUpperInvariant()))
                : [new Route(f.Name, f.Name, "POST")])
            .ToHashSet();

    private static HashSet<Route> RoutesFromApp()
    {
        var app = FunctionsApp.Build([]);
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => new Route(e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "(unnamed)",
                    e.RoutePattern.RawText!.TrimStart('/'), m)))
            .ToHashSet();
    }

    [Fact]
    public void Every_function_has_an_endpoint_and_every_endpoint_a_function()
    {
        var declared = RoutesFromFunctionJson();
        var served = RoutesFromApp();
        Assert.Empty(declared.Except(served));   // a function.json the app does not serve
        Assert.Empty(served.Except(declared));   // an endpoint no function.json exposes
        Assert.Equal(
            ["CreateSubscription", "DeleteSubscription", "DeliverWebhook", "GetFiling", "GetFilingDocument", "GetFilingNotification", "GetFilingNotifications",
             "GetFilingReceipt", "GetStats", "GetSubscriptionDeliveries", "Health", "ListSubscriptions", "OpenApi", "ReconcileFiling",
             "RecordCounterFilings", "RecordPayments", "StatsDashboard", "SubmitFiling"],
            // The review functions (Review*) are checked by tests/EFiling.Review.Tests.
            Functions().Select(f => f.Name).Where(n => !n.StartsWith("Review", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public void Function_json_bindings_follow_the_host_contract()
    {
        foreach (var (name, trigger) in Functions())
        {
            switch ((string?)trigger["type"])
            {
                case "httpTrigger":
                    // Review functions are anonymous to the host: App Service Authentication and the app check the user.
                    // GetStats and StatsDashboard are aggregate figures read from a browser without a key.
                    var expected = name is "Health" or "OpenApi" or "GetStats" or "StatsDashboard" || name.StartsWith("Review", StringComparison.Ordinal) ? "anonymous" : "function";
                    Assert.Equal(expected, (string?)trigger["authLevel"]);
                    break;
                case "queueTrigger":
                    Assert.Equal(name == "DeliverWebhook" ? StorageNames.Default.Queues.WebhookDeliveries : StorageNames.Default.Queues.FilingsReceived,
                        (string?)trigger["queueName"]);
                    Assert.Equal("AzureWebJobsStorage", (string?)trigger["connection"]);
                    Assert.Equal("msg", (string?)trigger["name"]);
                    break;
                default:
                    Assert.Fail($"{name}: unexpected trigger {trigger["type"]}");
                    break;
            }
        }
    }

    [Fact]
    public void Host_json_is_a_custom_handler_for_this_executable_with_base64_queues()
    {
        var host = JsonNode.Parse(File.ReadAllText(Repo.Path("host.json")))!;
        Assert.Equal("2.0", (string?)host["version"]);
        Assert.Equal("EFiling.Functions", (string?)host["customHandler"]!["description"]!["defaultExecutablePath"]);
        Assert.True((bool?)host["customHandler"]!["enableForwardingHttpRequest"]);
        Assert.Equal("[4.*, 5.0.0)", (string?)host["extensionBundle"]!["version"]);
        Assert.Equal("base64", (string?)host["extensions"]!["queues"]!["messageEncoding"]);

        var settings = Hosting.QueueSettings.Load(Repo.Path("host.json"));
        Assert.Equal(32, settings.BatchSize);
        Assert.Equal(16, settings.NewBatchThreshold);
        Assert.Equal(5, settings.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.VisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.MaxPollingInterval);
    }

    [Fact]
    public async Task Queue_endpoint_accepts_the_host_invocation_and_answers_in_its_shape()
    {
        using var submitted = await env.App.Client.SubmitAsync(env.Samples.Valid(), accept: "application/json");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, submitted.StatusCode);
        var receipt = await submitted.JsonAsync();
        var id = (string)receipt["id"]!;
        var partition = $"{receipt["office"]}_{(await env.App.Client.GetFromJsonNodeAsync($"/api/filings/{id}"))["periodKey"]}";
        var message = new FilingMessage(id, partition, id, (string)receipt["sha256"]!).ToJson();

        var invocation = new JsonObject
        {
            ["Data"] = new JsonObject { ["msg"] = message },
            ["Metadata"] = new JsonObject
            {
                ["DequeueCount"] = "1", ["Id"] = Guid.NewGuid().ToString(), ["InsertionTime"] = DateTimeOffset.UtcNow.ToString("O"),
                ["ExpirationTime"] = DateTimeOffset.UtcNow.AddDays(7).ToString("O"), ["NextVisibleTime"] = DateTimeOffset.UtcNow.AddMinutes(10).ToString("O"),
                ["PopReceipt"] = "AgAAAAMAAAAAAAAA",
                ["sys"] = new JsonObject { ["MethodName"] = "ReconcileFiling", ["UtcNow"] = DateTimeOffset.UtcNow.ToString("O"), ["RandGuid"] = Guid.NewGuid().ToString() },
            },
        };
        using var response = await env.App.Client.PostAsync("/ReconcileFiling", new StringContent(invocation.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = (await response.JsonAsync()).AsObject();
        Assert.IsType<JsonObject>(body["Outputs"]);
        Assert.NotEmpty(body["Logs"]!.AsArray());
        Assert.True(body.ContainsKey("ReturnValue"));
        await env.App.WaitForStatusAsync(id, "Accepted", TimeSpan.FromSeconds(20));

        // A message that can never succeed is a failed invocation (non-2xx), still in the host's shape.
        invocation["Data"]!["msg"] = "not a filing message";
        using var failed = await env.App.Client.PostAsync("/ReconcileFiling", new StringContent(invocation.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.False(failed.IsSuccessStatusCode);
        Assert.NotEmpty((await failed.JsonAsync())["Logs"]!.AsArray());
    }
}
