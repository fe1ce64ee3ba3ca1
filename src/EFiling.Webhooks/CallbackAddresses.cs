using System.Net;
using System.Net.Sockets;

namespace EFiling.Webhooks;

/// <summary>
/// SSRF: where a callback may point. In production only https, and only public addresses: never loopback, private
/// (RFC 1918, fc00::/7), link-local (169.254.0.0/16 with the cloud metadata endpoint, fe80::/10), carrier-grade NAT,
/// multicast, unspecified or reserved ones. The URL is checked when it is registered, and every connection a delivery
/// makes is checked again on the address it actually connects to (<see cref="ConnectAsync"/>), so a name that later
/// resolves to an inside address (DNS rebinding) is still refused. Redirects are not followed.
/// </summary>
public static class CallbackAddresses
{
    /// <summary>Why the URL may not be a callback, or null when it may.</summary>
    public static string? Refusal(string? url, bool allowPrivate)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return "The callback URL is not an absolute URL.";
        if (uri.Scheme != Uri.UriSchemeHttps && !(allowPrivate && uri.Scheme == Uri.UriSchemeHttp))
            return "The callback URL must use https.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "The callback URL must not carry credentials.";
        if (url!.Length > 2000) return "The callback URL is longer than 2000 characters.";
        if (allowPrivate) return null;
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return "The callback URL points to this machine.";
        if (IPAddress.TryParse(uri.IdnHost, out var literal) && !IsPublic(literal)) return $"The callback URL points to a non-public address ({literal}).";
        return null;
    }

    /// <summary>Also resolves the host now: every address it has must be public (a delivery checks again when it connects).</summary>
    public static async Task<string?> RefusalAsync(string? url, bool allowPrivate, CancellationToken ct)
    {
        if (Refusal(url, allowPrivate) is { } why) return why;
        if (allowPrivate) return null;
        var host = new Uri(url!).IdnHost;
        if (IPAddress.TryParse(host, out _)) return null;
        IPAddress[] addresses;
        try { addresses = await Dns.GetHostAddressesAsync(host, ct); }
        catch (SocketException) { return $"The callback host '{host}' does not resolve."; }
        return addresses.FirstOrDefault(a => !IsPublic(a)) is { } inside ? $"The callback host '{host}' resolves to a non-public address ({inside})." : null;
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224 // this network, private, loopback, multicast and reserved
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254) // link-local, cloud metadata
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19))); // benchmarking
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        var v6 = address.GetAddressBytes();
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8) // documentation
            || (v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b)); // NAT64 can reach inside IPv4
    }

    /// <summary>SocketsHttpHandler.ConnectCallback: resolves the host and connects only to a public address (unless allowed).</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endPoint.Host, ct);
        var allowed = addresses.Where(a => allowPrivate || IsPublic(a)).ToList();
        if (allowed.Count == 0)
            throw new HttpRequestException($"The callback host '{endPoint.Host}' has no public address (refused: SSRF guard).");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed.ToArray(), endPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
