using System.Net;
using System.Net.Http.Headers;

namespace EFiling.Signing;

/// <summary>
/// Online revocation for <see cref="SignatureVerifier"/>: downloads CRLs from a certificate's CRL distribution
/// points and asks the OCSP responder named in its authority information access, keeping what it got in an
/// <see cref="IRevocationCache"/> until the document's nextUpdate. Verification is synchronous, so this is too
/// (HttpClient's synchronous Send), with short timeouts and a size limit: a slow responder costs a filing at
/// most a few seconds and then revocation is unknown (the policy decides). Only <c>http</c> URLs are fetched:
/// CRLs and OCSP responses are signed, so TLS adds nothing, and <c>ldap</c>, <c>file</c> or anything else
/// would let a certificate make the service read local files or talk to internal directories.
/// </summary>
public sealed class RevocationSource : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <param name="cache">Where fetched CRLs and OCSP responses are kept; null: nothing is kept.</param>
    /// <param name="http">The client to use (tests); null: one with <see cref="Timeout"/> for connect and read, no redirects.</param>
    /// <param name="time">"Now" for cache freshness; null: the system clock.</param>
    public RevocationSource(IRevocationCache? cache = null, HttpClient? http = null, TimeProvider? time = null, TimeSpan? timeout = null)
    {
        Cache = cache;
        Time = time ?? TimeProvider.System;
        Timeout = timeout ?? TimeSpan.FromSeconds(3);
        if (http is null)
        {
            _http = new HttpClient(new SocketsHttpHandler
            {
                ConnectTimeout = Timeout,
                AllowAutoRedirect = false, // a redirect could lead to a scheme or host we would not have asked
                AutomaticDecompression = DecompressionMethods.None,
            })
            {
                Timeout = Timeout,
            };
            _ownsHttp = true;
        }
        else
        {
            _http = http;
        }
    }

    public IRevocationCache? Cache { get; }

    public TimeProvider Time { get; }

    /// <summary>Connect plus read, per request.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Largest CRL or OCSP response read (default 10 MB); a larger one is treated as unavailable.</summary>
    public long MaxResponseBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Whether a distribution point or responder URL may be fetched: absolute <c>http</c> only.</summary>
    public static bool IsFetchable(string uri, out Uri? parsed)
    {
        parsed = null;
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var u) || u.Scheme != Uri.UriSchemeHttp)
        {
            return false;
        }

        parsed = u;
        return true;
    }

    /// <summary>GETs a CRL; null with <paramref name="error"/> when it cannot be had.</summary>
    internal byte[]? Get(Uri uri, out string? error)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        return Send(request, out error);
    }

    /// <summary>POSTs an OCSP request (RFC 6960 appendix A.1).</summary>
    internal byte[]? PostOcsp(Uri uri, byte[] ocspRequest, out string? error)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(ocspRequest),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        // Responders (openssl's among them) often serve one request per connection: do not leave one idle.
        request.Headers.ConnectionClose = true;
        return Send(request, out error);
    }

    private byte[]? Send(HttpRequestMessage request, out string? error)
    {
        error = null;
        try
        {
            using var cancel = new CancellationTokenSource(Timeout);
            using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                error = $"{request.RequestUri} answered {(int)response.StatusCode}";
                return null;
            }

            if (response.Content.Headers.ContentLength is { } length && length > MaxResponseBytes)
            {
                error = $"{request.RequestUri} sent {length} bytes, more than the {MaxResponseBytes} allowed";
                return null;
            }

            using var stream = response.Content.ReadAsStream(cancel.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    error = $"{request.RequestUri} sent more than the {MaxResponseBytes} bytes allowed";
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or TimeoutException)
        {
            error = $"{request.RequestUri} could not be reached: {e.Message}";
            return null;
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
