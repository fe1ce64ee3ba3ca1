using System.Text.Encodings.Web;
using System.Text.Unicode;
using EFiling.Functions.Background;
using EFiling.Functions.Endpoints;
using EFiling.Intake;
using EFiling.Functions.Hosting;
using EFiling.Functions.Http;
using EFiling.Functions.RateLimiting;
using EFiling.Functions.Stats;
using EFiling.Reconciliation;
using EFiling.Functions.Telemetry;
using EFiling.Functions.TestMode;
using EFiling.Storage;
using EFiling.Review;
using EFiling.ServiceDefaults;
using EFiling.Webhooks;
using EFiling.Statistics;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EFiling.Functions;

/// <summary>Builds the web app: where it listens, its services, and its endpoints (one per function).</summary>
public static class FunctionsApp
{
    /// <param name="args">The command line (e.g. --urls), read as configuration.</param>
    /// <param name="configure">Tests only: settings and services of their own (an HTTP pipeline policy that counts storage
    /// requests on the wire, an in-memory telemetry exporter), applied before the app's services are added.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json is read from beside the executable, wherever it is started from. Under the Functions host
        // the working directory is that folder anyway; run.sh and the benchmarks start it from the repository, where
        // the file was not found and every ASP.NET Core Information line was logged (four more lines per filing).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var mode = HostingMode.Detect(builder.Configuration);
        if (mode.Urls is not null) builder.WebHost.UseUrls(mode.Urls);

        TelemetrySetup.Add(builder);
        AddServices(builder.Services, builder.Configuration, mode);

        var app = builder.Build();
        // Outermost: every answer carries X-Correlation-Id, the 500 of the exception handler included.
        app.UseCorrelationId();
        // One log line per request (method, path, status, duration; never the query, which may hold a function key).
        app.UseHttpLogging();
        // Unhandled exceptions and the framework's empty 4xx (unknown route, wrong method, auth challenges) become
        // problem+json through IProblemDetailsService, like our own refusals.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseFilingLogScope();
        app.UseRateLimiter();
        MapEndpoints(app);
        return app;
    }

    /// <summary>
    /// The API as groups, in the order a filing travels; what a group's endpoints share (tags, problem answers, the
    /// review gate) is set once on the group. Each group's routes are the routes of the function folders
    /// (functions/{Name}/function.json), unchanged.
    /// </summary>
    public static void MapEndpoints(IEndpointRouteBuilder app)
    {
        // Every /api route but health counts against the function key's and the client address's limits: one global
        // limiter (RateLimits, a chain of two partitions, which a per-endpoint policy cannot express), documented here.
        var api = app.MapGroup("/api").ProducesProblems(StatusCodes.Status429TooManyRequests);
        ((IEndpointConventionBuilder)api).Add(WithoutTrailingSlash);

        var filings = api.MapGroup("/filings").WithTags("Filings");
        // Every route about one filing answers 404 problem+json for an id that is not a filing's.
        var filing = filings.MapGroup("/{id}").ProducesProblems(StatusCodes.Status404NotFound);
        FilingEndpoints.Map(filings, filing);
        NotificationEndpoints.Map(filing.MapGroup("/notifications"));

        ReviewModule.Map(api.MapGroup("/review").WithTags("Review"));
        StatsEndpoints.Map(api.MapGroup("").WithTags("Statistics"));
        SubscriptionEndpoints.Map(api.MapGroup("/subscriptions").WithTags("Webhooks")
            // Subscriptions belong to a function key: every call without one is 401.
            .ProducesProblems(StatusCodes.Status401Unauthorized));
        SystemEndpoints.Map(api);

        // The host's invocations of the non-HTTP functions: not under /api, so no HTTP route reaches them; not described.
        InvocationEndpoints.Map(app.MapGroup("").ExcludeFromDescription());
    }

    /// <summary>A group's own route ("" on /api/filings) comes out as /api/filings/ in the route table and the OpenAPI
    /// document; the functions' routes have none (routing matches either way), so it is trimmed.</summary>
    private static void WithoutTrailingSlash(EndpointBuilder endpoint)
    {
        if (endpoint is RouteEndpointBuilder { RoutePattern: { RawText: { Length: > 1 } raw } pattern } route && raw.EndsWith('/'))
            // Inline constraints are in the text; our routes set no others.
            route.RoutePattern = RoutePatternFactory.Parse(raw.TrimEnd('/'), new RouteValueDictionary(pattern.Defaults), null);
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration, HostingMode mode)
    {
        services.AddSingleton(mode);
        services.AddSingleton(TimeProvider.System);
        // Crash points that do nothing; a test's configure hook registers its own first, which this leaves in place.
        services.TryAddSingleton<FaultInjection>();
        // Ours first: the framework's default writer only writes when the client accepts JSON.
        services.AddSingleton<IProblemDetailsWriter, ProblemWriter>();
        services.AddProblemDetails();
        // Vietnamese names stay readable in JSON (no \uXXXX escapes).
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All));
        services.Configure<EFilingOptions>(configuration.GetSection(EFilingOptions.Section));
        services.Configure<RevocationOptions>(configuration.GetSection(RevocationOptions.Section));
        services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiDocumentInfo>().AddDocumentTransformer<SystemEndpoints.HealthDocument>());
        SystemEndpoints.AddServices(services);
        RateLimits.AddServices(services, configuration, mode);
        services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });

        // Standalone, the app polls its queues itself (filings-received, webhook-deliveries) unless switched off.
        var ownQueueListeners = mode.RunsOwnQueueListener
            && configuration.GetValue($"{EFilingOptions.Section}:{nameof(EFilingOptions.QueueListener)}", true);

        // Each part registers itself, in the order a filing travels.
        services.AddEFilingStorage(configuration);
        services.AddEFilingIntake();
        services.AddEFilingTestMode(configuration);
        services.AddEFilingWebhooks(configuration);
        services.AddEFilingReconciliation(configuration);
        services.AddEFilingReview();
        services.AddReviewSignIn(configuration, mode);
        services.AddEFilingStatistics();
        services.AddHostedService<WarmUp>();
        services.AddHostedService<OutboxSweeper>();
        // host.json's queue settings: the standalone listener follows them, and under the host the handler needs
        // maxDequeueCount to know the last attempt.
        services.AddSingleton(QueueSettings.Load(Path.Combine(AppContext.BaseDirectory, "host.json")));
        // One listener instance; it polls on its own only when it runs as a hosted service (tests hand it batches).
        services.AddSingleton<QueueListener>();
        if (ownQueueListeners)
        {
            services.AddHostedService(sp => sp.GetRequiredService<QueueListener>());
            services.AddHostedService<WebhookListener>();
        }
    }
}
