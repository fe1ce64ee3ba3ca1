namespace EFiling.Signing;

/// <summary>
/// Where downloaded CRLs and OCSP responses are kept between verifications (a folder for the CLI, a blob
/// container for the service). It stores raw DER bytes only: every read is parsed and its signature checked
/// again, so a cache that was tampered with can make revocation unknown, never make a revoked certificate good.
/// Freshness is decided by the caller from the document's own nextUpdate. Implementations must be thread-safe
/// and must not throw for a missing entry; a failing store should behave as empty (revocation falls back to the
/// network).
/// </summary>
public interface IRevocationCache
{
    /// <summary>The bytes stored under <paramref name="key"/>, or null.</summary>
    byte[]? Get(string key);

    /// <summary>Stores (replaces) the bytes under <paramref name="key"/>.</summary>
    void Put(string key, byte[] value);
}

/// <summary>A cache in a folder, one file per key (the CLI's, by default under the user's cache directory).</summary>
public sealed class DiskRevocationCache : IRevocationCache
{
    public DiskRevocationCache(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = folder;
    }

    public string Folder { get; }

    /// <summary><c>$XDG_CACHE_HOME/efiling/revocation</c>, else <c>~/.cache/efiling/revocation</c> (on Windows the local application data folder).</summary>
    public static string DefaultFolder()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(root))
        {
            root = OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(root, "efiling", "revocation");
    }

    public byte[]? Get(string key)
    {
        try
        {
            return File.ReadAllBytes(PathOf(key));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Put(string key, byte[] value)
    {
        try
        {
            Directory.CreateDirectory(Folder);
            // Write aside and rename, so a concurrent reader sees the old file or the new one, never half of one.
            var target = PathOf(key);
            var temporary = $"{target}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, value);
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs a download next time.
        }
    }

    private string PathOf(string key) => Path.Combine(Folder, RevocationCacheKeys.FileName(key));
}

/// <summary>Cache keys: readable prefixes, hashed so they are safe as file and blob names.</summary>
public static class RevocationCacheKeys
{
    public static string Crl(Uri uri) => "crl:" + uri.AbsoluteUri;

    public static string Ocsp(ReadOnlySpan<byte> issuerKeyHash, ReadOnlySpan<byte> serial) =>
        $"ocsp:{Convert.ToHexStringLower(issuerKeyHash)}:{Convert.ToHexStringLower(serial)}";

    /// <summary><c>crl-…</c> or <c>ocsp-…</c> followed by the SHA-256 of the key, with a <c>.der</c> extension.</summary>
    public static string FileName(string key)
    {
        var kind = key.StartsWith("ocsp:", StringComparison.Ordinal) ? "ocsp" : "crl";
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));
        return $"{kind}-{Convert.ToHexStringLower(hash)}.der";
    }
}
