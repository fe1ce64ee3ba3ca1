using EFiling.Functions.Hosting;

namespace EFiling.Functions.Endpoints;

/// <summary>Health (anonymous, never touches storage: it says the process is up) and the OpenAPI document.</summary>
public static class SystemEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", (HostingMode mode) => Results.Ok(new HealthJson("Healthy", mode.UnderFunctionsHost ? "functions-host" : "standalone",
                typeof(SystemEndpoints).Assembly.GetName().Version?.ToString() ?? "0.0.0")))
            .WithName("Health")
            .WithSummary("Liveness: the app is running");

        // The whole API, for vendors to generate clients (Microsoft.AspNetCore.OpenApi).
        app.MapOpenApi("/api/openapi.json").WithName("OpenApi");
    }
}

/// <summary>Health answer: status, hosting mode (standalone or functions-host) and version.</summary>
public sealed record HealthJson(string Status, string Mode, string Version);
