using Microsoft.AspNetCore.Http.HttpResults;

namespace EFiling.Functions.Endpoints;

/// <summary>
/// The review pages (plain HTML, CSS and small scripts embedded in the assembly, no CDN), served by the app under
/// /api/review/ui/ because the Functions host forwards only the /api prefix. Only embedded names are served.
/// </summary>
public static class ReviewPages
{
    private const string Prefix = "review-pages/";
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8", [".css"] = "text/css; charset=utf-8", [".js"] = "text/javascript; charset=utf-8",
    };
    private static readonly HashSet<string> Files = typeof(ReviewPages).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..]).ToHashSet(StringComparer.Ordinal);

    /// <param name="ui">/api/review/ui.</param>
    public static void Map(RouteGroupBuilder ui) =>
        ui.MapGet("/{*file}", Serve).WithName("ReviewPages").WithSummary("The review pages").ExcludeFromDescription();

    private static Results<FileStreamHttpResult, NotFound> Serve(HttpContext http, string? file)
    {
        file = string.IsNullOrEmpty(file) ? "queue.html" : file;
        if (!Files.Contains(file) || !Types.TryGetValue(Path.GetExtension(file), out var type)) return TypedResults.NotFound();
        var headers = http.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Content-Security-Policy"] = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Stream(typeof(ReviewPages).Assembly.GetManifestResourceStream(Prefix + file)!, type);
    }
}
