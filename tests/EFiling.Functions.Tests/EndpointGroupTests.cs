using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;

namespace EFiling.Functions.Tests;

/// <summary>
/// The API is mapped as groups (FunctionsApp.MapEndpoints) whose shared metadata is set once on the group, and the
/// handlers return typed results: the OpenAPI document vendors generate clients from states what every operation
/// really answers. (The routes themselves are pinned against the function.json files by FunctionMetadataTests.)
/// </summary>
[Collection(AppCollection.Name)]
public sealed class EndpointGroupTests(TestEnvironment env)
{
    private async Task<List<(string Path, string Method, JsonObject Operation)>> OperationsAsync()
    {
        var openapi = await env.App.Client.GetFromJsonNodeAsync("/api/openapi.json");
        return openapi["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Value is JsonObject { } op && op.ContainsKey("responses"))
                .Select(o => (p.Key, o.Key, (JsonObject)o.Value!)))
            .ToList();
    }

    private static string? ProblemSchema(JsonObject operation, string status) =>
        (string?)operation["responses"]?[status]?["content"]?["application/problem+json"]?["schema"]?["$ref"];

    [Fact]
    public async Task Each_group_tags_its_operations_and_every_rate_limited_route_documents_its_429()
    {
        var operations = await OperationsAsync();
        Assert.NotEmpty(operations);
        foreach (var (path, method, operation) in operations.Where(o => o.Path != "/api/health"))
        {
            var expected = path switch
            {
                _ when path.StartsWith("/api/filings", StringComparison.Ordinal) => "Filings",
                _ when path.StartsWith("/api/review/", StringComparison.Ordinal) => "Review",
                _ when path.StartsWith("/api/subscriptions", StringComparison.Ordinal) => "Webhooks",
                "/api/stats" or "/api/counter-filings" or "/api/payments" => "Statistics",
                _ => $"(no group for {path})",
            };
            Assert.Equal([expected], operation["tags"]!.AsArray().Select(t => (string?)t));
            // Everything under /api but health passes the key's and the address's limits.
            Assert.True(ProblemSchema(operation, "429") == "#/components/schemas/FilingProblem", $"{method} {path}: no 429 problem");
        }
    }

    [Fact]
    public async Task Group_gates_and_typed_results_show_in_each_operations_responses()
    {
        var operations = await OperationsAsync();
        JsonObject Op(string path, string method) => operations.Single(o => o.Path == path && o.Method == method).Operation;

        // The reviewer gate sits on /api/review/filings: each of its routes, the list included, states 401 and 403.
        var review = operations.Where(o => o.Path.StartsWith("/api/review/filings", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, review.Count);
        foreach (var (path, method, operation) in review)
            foreach (var status in new[] { "401", "403" })
                Assert.True(ProblemSchema(operation, status) == "#/components/schemas/FilingProblem", $"{method} {path}: no {status}");

        // One filing's routes share the 404; subscriptions the 401 without a function key.
        foreach (var path in new[] { "/api/filings/{id}", "/api/filings/{id}/receipt", "/api/filings/{id}/document", "/api/filings/{id}/notifications", "/api/filings/{id}/notifications/{name}" })
            Assert.NotNull(ProblemSchema(Op(path, "get"), "404"));
        Assert.NotNull(ProblemSchema(Op("/api/subscriptions/{id}", "delete"), "401"));
        Assert.NotNull(ProblemSchema(Op("/api/subscriptions/{id}/deliveries", "get"), "401"));

        // Typed results: Ok<FilingStatusJson> names the 200's schema; sign-out's NoContent is a 204, not the 200 it was taken for.
        Assert.Equal("#/components/schemas/FilingStatusJson", (string?)Op("/api/filings/{id}", "get")["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        Assert.Equal(["204", "429"], Op("/api/review/signout", "post")["responses"]!.AsObject().Select(r => r.Key).Order());
        Assert.Equal(["204", "401", "404", "429"], Op("/api/subscriptions/{id}", "delete")["responses"]!.AsObject().Select(r => r.Key).Order());
    }
}
