using Azure.Monitor.OpenTelemetry.AspNetCore;
using EFiling.ServiceDefaults;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EFiling.Functions.Telemetry;

/// <summary>
/// OpenTelemetry traces, metrics and logs in the process: ASP.NET Core, HttpClient, the Azure SDK's storage calls and
/// our own spans and meter. Exported to Application Insights when APPLICATIONINSIGHTS_CONNECTION_STRING is set (the
/// Bicep sets it), to an OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set, and to the console on request.
/// Log lines carry the trace id (the correlation id) whichever way they go.
/// </summary>
public static class TelemetrySetup
{
    public const string ServiceName = "EFiling.Functions";
    public const string AppInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string OtlpSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void Add(WebApplicationBuilder builder)
    {
        // The Azure SDK reports each storage call as a span (Azure.Storage.Blobs.BlobClient.Upload, …) only with this
        // switch on (Azure.Core still calls it experimental); set before any client is made.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        // The trace id on every log line's scope, so console lines can be matched with X-Correlation-Id too.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var configuration = builder.Configuration;
        // Read here rather than as IOptions<TelemetryOptions>: its one setting decides which exporters are registered,
        // before there are services to resolve options from.
        var options = configuration.GetSection(EFilingOptions.Section).GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()));

        if (!string.IsNullOrWhiteSpace(configuration[AppInsightsSetting]))
        {
            // The distro brings the ASP.NET Core, HttpClient and Azure SDK instrumentation and the exporter of all three
            // signals; it reads the connection string itself.
            telemetry.UseAzureMonitor();
        }
        else
        {
            telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddSource("Azure.*"))
                .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        }

        telemetry
            .WithTracing(t => t.AddSource(EFilingTelemetry.Name, "EFiling.Validation"))
            .WithMetrics(m => m.AddMeter(EFilingTelemetry.Name))
            .WithLogging(configureBuilder: null, configureOptions: o => { o.IncludeScopes = true; o.IncludeFormattedMessage = true; });

        if (!string.IsNullOrWhiteSpace(configuration[OtlpSetting])) telemetry.UseOtlpExporter();
        if (options.Console)
        {
            telemetry.WithTracing(t => t.AddConsoleExporter())
                .WithMetrics(m => m.AddConsoleExporter())
                .WithLogging(l => l.AddConsoleExporter());
        }
    }
}
