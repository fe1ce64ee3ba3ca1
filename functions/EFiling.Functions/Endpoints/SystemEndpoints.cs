using EFiling.Functions.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.OpenApi;

namespace EFiling.Functions.Endpoints;

/// <summary>Health (anonymous, never touches storage: it says the process is up) and the OpenAPI document.</summary>
public static class SystemEndpoints
{
    public const string HealthPath = "/api/health";

    /// <summary>Liveness through the framework's health checks: none is registered, so it is Healthy whenever the
    /// process answers; a readiness check added later shows in the same answer.</summary>
    public static void AddServices(IServiceCollection services) => services.AddHealthChecks();

    /// <param name="api">/api (FunctionsApp).</param>
    public static void Map(RouteGroupBuilder api)
    {
        api.MapHealthChecks(HealthPath["/api".Length..], new HealthCheckOptions { ResponseWriter = WriteHealthAsync })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .WithName("Health");

        // The whole API, for vendors to generate clients (Microsoft.AspNetCore.OpenApi).
        api.MapOpenApi("/openapi.json").WithName("OpenApi");
    }

    /// <summary>The answer clients and the deployment's probes read: status, hosting mode and version.</summary>
    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        var mode = context.RequestServices.GetRequiredService<HostingMode>();
        return context.Response.WriteAsJsonAsync(new HealthJson(report.Status.ToString(), mode.UnderFunctionsHost ? "functions-host" : "standalone",
            typeof(SystemEndpoints).Assembly.GetName().Version?.ToString() ?? "0.0.0"));
    }

    /// <summary>Health-check endpoints are not route handlers, so the OpenAPI generator does not see them: described here.</summary>
    public sealed class HealthDocument : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Paths ??= new OpenApiPaths();
            document.Paths[HealthPath] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Get] = new()
                    {
                        OperationId = "Health",
                        Summary = "Liveness: the app is running",
                        Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "{status, mode, version}" } },
                    },
                },
            };
            return Task.CompletedTask;
        }
    }
}

/// <summary>Health answer: status, hosting mode (standalone or functions-host) and version.</summary>
public sealed record HealthJson(string Status, string Mode, string Version);
