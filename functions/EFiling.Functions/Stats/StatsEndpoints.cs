using EFiling.Functions.Hosting;
using EFiling.Functions.Http;
using EFiling.Statistics;
using EFiling.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EFiling.Functions.Stats;

/// <summary>
/// GET /api/stats: the online-share indicators for a scope and period with the breakdown one level down, as JSON
/// or CSV. Anonymous under the host: it returns aggregate figures only (no taxpayer data), and the dashboard
/// reads it from a browser that holds no function key.
/// </summary>
public static class StatsEndpoints
{
    /// <param name="statistics">/api (FunctionsApp: tag Statistics, 429): /stats, the channels and the dashboard.</param>
    public static void Map(RouteGroupBuilder statistics)
    {
        statistics.MapGet("/stats", GetAsync).WithName("GetStats")
            .WithSummary("Online-share indicators: numerator, denominator, share and gap to target, with a breakdown")
            .WithDescription("Parameters: indicator (ids, comma-separated; default all), period (2026, 2026-Q3, 2026-07; default the current year, Vietnam time), office or province (default the nation), by (province, office or month; default one level down), format (json or csv; Accept: text/csv also gives CSV).")
            // The CSV shape of the same answer, beside the JSON one Ok<StatsAnswer> states.
            .Produces<StatsAnswer>(StatusCodes.Status200OK, "application/json", "text/csv")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        ChannelEndpoints.Map(statistics);
        DashboardPages.Map(statistics);
    }

    private static async Task<Results<Ok<StatsAnswer>, FileContentHttpResult, ProblemHttpResult>> GetAsync(HttpContext context, StatsService stats, IndicatorCatalogue catalogue, TimeProvider clock,
        StorageReady storage, CancellationToken ct)
    {
        var (query, errors) = StatsQuery.Parse(context.Request, catalogue, clock);
        if (query is null) return StatsProblems.Parameters(context, errors);
        await storage.EnsureAsync(ct);
        var answer = await stats.AnswerAsync(query.Indicators, query.Period, query.Scope, query.By, ct);
        context.Response.Headers.CacheControl = "no-cache";
        if (!query.Csv) return TypedResults.Ok(answer);
        var scope = answer.Scope.Replace(':', '-');
        return TypedResults.File(StatsCsv.Write(answer), "text/csv; charset=utf-8", $"efiling-stats-{answer.Period}-{scope}.csv");
    }
}
