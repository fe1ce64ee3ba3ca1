using EFiling.ServiceDefaults;
using EFiling.Storage;

namespace EFiling.Functions.Telemetry;

/// <summary>
/// A filing's log scope (<see cref="EFilingTelemetry.FilingScope"/>) over whole requests whose route names a filing.
/// </summary>
public static class FilingLog
{
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
            using (EFilingTelemetry.FilingScope(logger, id)) await next(context);
        });
    }
}
