using EFiling.ServiceDefaults;
using EFiling.Storage;

namespace EFiling.Functions.Telemetry;

/// <summary>
/// The logging scope that puts a filing's id on every log line about it (and on the log records exported with
/// OpenTelemetry): requests whose route names a filing, the intake once the id is made, and reconciliation.
/// </summary>
public static class FilingLog
{
    public const string Key = EFilingTelemetry.FilingIdKey;

    public static IDisposable? Scope(ILogger logger, string filingId) => EFilingTelemetry.FilingScope(logger, filingId);

    /// <summary>Requests on /api/filings/{id}/… and /api/review/filings/{id}/…: the scope covers the whole request.</summary>
    public static IApplicationBuilder UseFilingLogScope(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FilingLog));
        return app.Use(async (context, next) =>
        {
            if (context.GetRouteValue("id") is not string id || !FilingKeys.IsValidId(id))
            {
                await next(context);
                return;
            }
            using (Scope(logger, id)) await next(context);
        });
    }
}
