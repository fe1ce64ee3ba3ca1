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
}
