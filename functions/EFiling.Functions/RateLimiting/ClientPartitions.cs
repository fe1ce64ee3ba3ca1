using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace EFiling.Functions.RateLimiting;

/// <summary>Who a request counts against: its function key (the vendor) and its client address.</summary>
public static class ClientPartitions
{
    /// <summary>A short hash of the function key (the key itself is a secret: it is never kept or logged), or null.</summary>
    public static string? Key(HttpRequest request)
    {
        var key = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(key)) return null;
        return "key:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
    }

    /// <summary>The client's address: the last X-Forwarded-For entry when the platform's front end is trusted to append
    /// it (a client can only write entries before it), otherwise the connection's.</summary>
    public static string Address(HttpContext context, bool trustForwardedFor)
    {
        if (trustForwardedFor && context.Request.Headers["X-Forwarded-For"].LastOrDefault() is { Length: > 0 } forwarded)
        {
            var last = forwarded.Split(',').Last().Trim();
            // App Service writes "address:port"; an IPv6 address comes bracketed with a port, or bare.
            if (IPEndPoint.TryParse(last, out var endPoint)) return "addr:" + endPoint.Address;
            if (IPAddress.TryParse(last, out var address)) return "addr:" + address;
        }
        return "addr:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
