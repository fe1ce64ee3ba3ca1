using EFiling.Declarations.Findings;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>
/// Trusted certificate paths, built once per (signer certificate, CA certificates sent in KeyInfo, trust anchors and
/// intermediates) instead of once per filing: a taxpayer filing a hundred times costs one chain build. Only what does
/// not depend on the check time is kept — the path itself, and only a path the builder found without any error — and
/// each filing checks the validity window of every certificate on it at its own receipt time: outside them, the chain is
/// built again as it would have been without the cache, so an expired or not-yet-valid certificate is reported exactly
/// as before. Revocation is never cached here: <see cref="RevocationCheck"/> runs for every filing against the revocation
/// data of that moment. The key includes the identity of every trusted root and intermediate configured, so changing the
/// trust (another options object, or certificates added to or removed from its collections) misses the old entries.
/// </summary>
internal sealed class ChainCache
{
    /// <summary>Most paths kept (a few certificates each); when full, the cache starts again, which costs one build per signer.</summary>
    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _builds;

    /// <summary>Chains built by X509Chain through this cache (misses), for tests and benchmarks.</summary>
    public long Builds => Interlocked.Read(ref _builds);

    /// <summary>A path valid for every check time within [<see cref="From"/>, <see cref="Until"/>], the intersection of its
    /// certificates' validity (a second inside each bound, so the builder's own boundary rule never matters).</summary>
    private sealed record Entry(TrustedChain Chain, DateTimeOffset From, DateTimeOffset Until);

    /// <summary>The signer's trusted path at <paramref name="atTime"/>: from the cache when the cached path is valid then;
    /// otherwise built by <paramref name="build"/> (which reports its findings itself) and kept when it found no fault.</summary>
    public TrustedChain? GetOrBuild(
        X509Certificate2 signer, X509Certificate2Collection fromKeyInfo, DateTimeOffset atTime, SignatureVerifierOptions options,
        FindingList findings, Func<FindingList, TrustedChain?> build)
    {
        var key = Key(signer, fromKeyInfo, options);
        if (_entries.TryGetValue(key, out var entry) && atTime >= entry.From && atTime <= entry.Until)
        {
            return entry.Chain.Borrow();
        }

        Interlocked.Increment(ref _builds);
        var own = new FindingList();
        var chain = build(own);
        foreach (var finding in own.ToList()) findings.Add(finding.Code, finding.Severity, finding.Message);
        if (chain is null || own.Count > 0) return chain;

        var from = chain.Certificates.Max(c => new DateTimeOffset(c.NotBefore.ToUniversalTime())).AddSeconds(1);
        var until = chain.Certificates.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime())).AddSeconds(-1);
        if (_entries.Count >= MaxEntries) _entries.Clear();
        // A path of certificates others own is kept as it is; an owned one is copied, since the caller disposes it.
        _entries[key] = new Entry(chain.Owned ? chain.Copy() : chain.Borrow(), from, until);
        return chain;
    }

    /// <summary>SHA-256 of the signer's and KeyInfo CAs' DER, and the identity of the configured trust.</summary>
    private static string Key(X509Certificate2 signer, X509Certificate2Collection fromKeyInfo, SignatureVerifierOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(SHA256.HashData(signer.RawDataMemory.Span));
        // KeyInfo's CA certificates in a fixed order: the same set is the same key whatever order they were sent in.
        var others = new List<byte[]>(fromKeyInfo.Count);
        foreach (var certificate in fromKeyInfo) others.Add(SHA256.HashData(certificate.RawDataMemory.Span));
        others.Sort(static (a, b) => a.AsSpan().SequenceCompareTo(b));
        foreach (var other in others) hash.AppendData(other);
        Span<byte> trust = stackalloc byte[8];
        BitConverter.TryWriteBytes(trust, Identity(options.TrustedRoots) * 31 + Identity(options.Intermediates));
        hash.AppendData(trust);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Which certificate objects a collection holds, in order: any change to it changes this.</summary>
    private static long Identity(X509Certificate2Collection collection)
    {
        var identity = new HashCode();
        identity.Add(RuntimeHelpers.GetHashCode(collection));
        identity.Add(collection.Count);
        foreach (var certificate in collection) identity.Add(RuntimeHelpers.GetHashCode(certificate));
        return identity.ToHashCode();
    }
}
