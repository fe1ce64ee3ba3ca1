using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EFiling.Signing;

namespace EFiling.Functions.RateLimiting;

/// <summary>
/// Who a declaration says signed it, read cheaply before any check: the end-entity certificates in its
/// ds:X509Certificate elements (a byte scan, no XML parser: it runs before the parser limits), each named by its MST
/// (UID=MST:…) or, without one, its SHA-256 thumbprint. Unverified: KeyInfo is not covered by the signature, so anyone
/// can paste anyone's certificate there. It is therefore only used to refuse early a filing whose claimed signer has
/// no budget left (which harms no one but the claimant); budget is spent only by a verified signer.
/// </summary>
public static class SignerClaims
{
    private const int MaxCertificates = SignatureVerifier.MaxSignatures * 2;
    private const int MaxCertificateText = 64 * 1024;
    private const int MaxPrefix = 64;

    public static IReadOnlyList<string> Read(ReadOnlySpan<byte> xml)
    {
        var keys = new List<string>();
        var name = "X509Certificate"u8;
        var seen = 0;
        var position = 0;
        while (seen < MaxCertificates)
        {
            var found = xml[position..].IndexOf(name);
            if (found < 0) break;
            var at = position + found;
            position = at + name.Length;
            if (!IsStartTag(xml, at, name.Length)) continue;
            var close = xml[position..].IndexOf((byte)'>');
            if (close < 0) break;
            var contentStart = position + close + 1;
            if (xml[contentStart - 2] == (byte)'/') continue; // <X509Certificate/>
            var end = xml[contentStart..].IndexOf((byte)'<');
            if (end < 0) break;
            position = contentStart + end;
            seen++;
            if (end <= MaxCertificateText && KeyOf(xml.Slice(contentStart, end)) is { } key && !keys.Contains(key)) keys.Add(key);
        }
        return keys;
    }

    /// <summary>The budget key of a verified signer: the same naming as a claim.</summary>
    public static string KeyOf(string? mst, string thumbprintSha256) => mst is { Length: > 0 } ? "mst:" + mst : "cert:" + thumbprintSha256;

    /// <summary>"&lt;X509Certificate" or "&lt;prefix:X509Certificate", followed by '&gt;' or attributes: not an end tag,
    /// not X509CertificateFoo.</summary>
    private static bool IsStartTag(ReadOnlySpan<byte> xml, int at, int length)
    {
        var after = at + length < xml.Length ? xml[at + length] : (byte)0;
        if (after is not ((byte)'>' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        if (at == 0) return false;
        if (xml[at - 1] == (byte)'<') return true;
        if (xml[at - 1] != (byte)':') return false;
        for (var i = at - 2; i >= Math.Max(0, at - MaxPrefix); i--)
        {
            if (xml[i] == (byte)'<') return i + 1 < at - 1 && xml[i + 1] != (byte)'/';
            if (xml[i] is (byte)'>' or (byte)'/' or (byte)' ') return false;
        }
        return false;
    }

    /// <summary>The key of each certificate text seen, decoded once: a taxpayer's software sends the same certificates
    /// with every filing, and decoding them (OpenSSL) on every request was a large part of this check's cost. The key is
    /// a pure function of the text, so a remembered one is the one a decode would give. Texts are remembered by their
    /// SHA-256, so an entry is a hundred bytes however long the text (up to 64 KB is read): 4,096 of them, then it
    /// starts again.</summary>
    private static readonly ConcurrentDictionary<string, string?> Known = new(StringComparer.Ordinal);
    private const int MaxKnown = 4096;

    private static string? KeyOf(ReadOnlySpan<byte> text)
    {
        var digest = Convert.ToHexString(SHA256.HashData(text));
        if (Known.TryGetValue(digest, out var known)) return known;
        var key = Decode(Encoding.ASCII.GetString(text));
        if (Known.Count >= MaxKnown) Known.Clear();
        Known[digest] = key;
        return key;
    }

    private static string? Decode(string written)
    {
        // Base64 as written: wrapped lines, and the &#13; escapes HTKK writes for CR.
        var base64 = written.Replace("&#13;", "").Replace("&#xD;", "").Replace("&#xd;", "").Replace("&#10;", "").Replace("&#xA;", "");
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64));
            if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority)) return null;
            return KeyOf(CertificateMst.Read(certificate), certificate.GetCertHashString(HashAlgorithmName.SHA256));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null; // not a certificate: the checks will say so
        }
    }
}
