using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EFiling.Webhooks;

/// <summary>
/// How a delivery is signed, and how a receiver checks it: <c>X-EFiling-Signature: t={unix seconds},v1={hex}</c>, where
/// hex is HMAC-SHA256 with the subscription's secret over <c>"{t}.{body}"</c> (the body's exact bytes). Binding the time
/// into the MAC lets a receiver refuse a replayed delivery: one whose t is outside its replay window.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-EFiling-Signature";

    public static string Create(string secret, long unixSeconds, ReadOnlySpan<byte> body) =>
        $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Mac(secret, unixSeconds, body))}";

    /// <summary>True when the header is well formed, its MAC matches (compared in constant time) and its time is within
    /// <paramref name="window"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan window)
    {
        if (header is null) return false;
        long? t = null;
        byte[]? given = null;
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) return false;
            if (kv[0] == "t" && long.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) t = seconds;
            else if (kv[0] == "v1" && kv[1].Length == 64) given = Convert.FromHexString(kv[1]);
        }
        if (t is not { } time || given is null) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(time)).Duration() > window) return false;
        return CryptographicOperations.FixedTimeEquals(given, Mac(secret, time, body));
    }

    private static byte[] Mac(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);
    }
}
