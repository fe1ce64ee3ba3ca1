namespace EFiling.Functions.Telemetry;

/// <summary>Section EFiling:Telemetry. Where telemetry goes is otherwise decided by the standard settings:
/// APPLICATIONINSIGHTS_CONNECTION_STRING (Application Insights) and OTEL_EXPORTER_OTLP_ENDPOINT (any OTLP collector).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Also print spans, metrics and log records to the console (local diagnosis; noisy).</summary>
    public bool Console { get; set; }
}
