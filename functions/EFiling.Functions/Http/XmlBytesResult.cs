namespace EFiling.Functions.Http;

/// <summary>Exact stored bytes as application/xml with any status (Results.Bytes always answers 200).</summary>
public sealed class XmlBytesResult(ReadOnlyMemory<byte> bytes, int statusCode = StatusCodes.Status200OK, string contentType = "application/xml") : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes);
    }
}
