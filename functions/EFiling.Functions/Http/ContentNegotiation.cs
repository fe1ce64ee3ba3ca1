using Microsoft.Net.Http.Headers;

namespace EFiling.Functions.Http;

/// <summary>XML is the default representation of a receipt; JSON when the client asks for it (and prefers it).</summary>
public static class ContentNegotiation
{
    public static bool WantsJson(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)) return false;
        double Quality(string type) => accepted
            .Where(a => a.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1.0).DefaultIfEmpty(-1).Max();
        var json = Quality("application/json");
        return json > 0 && json >= Math.Max(Quality("application/xml"), Quality("text/xml"));
    }

    /// <summary>The media type that asks for the tax authority's reply envelope (TBaoThue).</summary>
    public const string TaxAuthorityMediaType = "application/vnd.efiling.tbaothue+xml";

    /// <summary>The reply in the tax authority's envelope: <c>?format=tbaothue</c>, or Accept naming its media type.
    /// Returns the Content-Type to answer with (the media type asked for), or null for our own formats.</summary>
    public static string? TaxAuthorityShape(HttpRequest request)
    {
        if (string.Equals(request.Query["format"], "tbaothue", StringComparison.OrdinalIgnoreCase)) return "application/xml";
        return MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
               && accepted.Any(a => a.MediaType.Equals(TaxAuthorityMediaType, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0)
            ? TaxAuthorityMediaType
            : null;
    }
}
