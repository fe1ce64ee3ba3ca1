using System.Buffers;
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

        // With a Content-Length (what vendors' software sends) the bytes go straight into an array of that size: no
        // 80 KB scratch buffer and no copy per request, which on a busy intake was garbage the collector had to clear.
        // Kestrel gives exactly that many bytes, or fails the read when the client stops early.
        if (request.ContentLength is { } length)
        {
            var bytes = new byte[length];
            await request.Body.ReadExactlyAsync(bytes, ct);
            return bytes;
        }

        // Chunked: read through a pooled buffer until the end, never past the maximum.
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > max) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }
}
