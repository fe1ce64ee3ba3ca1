using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace EFiling.Functions.Http;

/// <summary>Reads a declaration's body: only XML media types, never more than the configured maximum.</summary>
public static class RequestBody
{
    public static bool IsXml(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
        && (media.MediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("text/xml", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body's exact bytes, or null when it is (or turns out to be) longer than <paramref name="max"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long max, CancellationToken ct)
    {
        if (request.ContentLength > max) return null;
        // We enforce the limit ourselves, so Kestrel's own (30 MB default) must not cut in first with a bare 413.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null;

        using var buffer = new MemoryStream(request.ContentLength is { } n ? (int)n : 64 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
