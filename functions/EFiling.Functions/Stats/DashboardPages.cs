using Microsoft.AspNetCore.Http.HttpResults;

namespace EFiling.Functions.Stats;

/// <summary>
/// The statistics dashboard (HTML, CSS, a small script and chart.js from npm, all embedded in the assembly: no
/// CDN, works offline), served under /api/dashboard/ because the Functions host forwards only /api. It reads
/// GET /api/stats only. Only embedded names are served.
/// </summary>
public static class DashboardPages
{
    private const string Prefix = "dashboard/";
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8", [".css"] = "text/css; charset=utf-8", [".js"] = "text/javascript; charset=utf-8",
    };
    private static readonly HashSet<string> Files = typeof(DashboardPages).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..]).ToHashSet(StringComparer.Ordinal);

    /// <param name="statistics">/api (FunctionsApp: tag Statistics).</param>
    public static void Map(RouteGroupBuilder statistics) =>
        statistics.MapGet("/dashboard/{*file}", Serve).WithName("StatsDashboard").WithSummary("The statistics dashboard").ExcludeFromDescription();

    private static Results<RedirectHttpResult, FileStreamHttpResult, NotFound> Serve(HttpContext http, string? file)
    {
        // Relative links in the page need the trailing slash.
        if (string.IsNullOrEmpty(file) && !http.Request.Path.Value!.EndsWith('/')) return TypedResults.Redirect("/api/dashboard/" + http.Request.QueryString);
        file = string.IsNullOrEmpty(file) ? "index.html" : file;
        if (!Files.Contains(file) || !Types.TryGetValue(Path.GetExtension(file), out var type)) return TypedResults.NotFound();
        var headers = http.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        // chart.js draws on canvas and sets inline styles on it, hence style-src 'unsafe-inline'; scripts stay 'self' only.
        headers["Content-Security-Policy"] = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Stream(typeof(DashboardPages).Assembly.GetManifestResourceStream(Prefix + file)!, type);
    }
}
