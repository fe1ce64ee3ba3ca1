using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>
/// KeyInfo certificates decoded once per verifier, keyed by their exact DER bytes: a taxpayer's hundredth filing costs a
/// dictionary lookup instead of OpenSSL decoding the certificate, its key and its extensions again (most of a 7 KB
/// verdict). Only what the bytes alone decide is kept — the certificate, whether it is a CA, its RSA key, its MSTs, what
/// it says about itself (<see cref="SignerInfo"/>) and the findings of the checks that read nothing but the certificate
/// and the verifier's fixed options (key usage, extended key usage, key size). Everything that depends on the filing or
/// the time is still checked per filing: the MST against the filing's taxpayer, the chain's validity window, revocation.
/// A certificate that does not decode is never kept (it is refused each time it is sent).
/// </summary>
internal sealed class DecodedCertificates
{
    /// <summary>Most certificates kept; when full, the cache starts again (one decode per signer). Entries in use by a
    /// verification at that moment stay valid: nothing here is disposed, the garbage collector releases them.</summary>
    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<byte[], DecodedCertificate> _entries = new(DerComparer.Instance);
    private long _decodes;

    /// <summary>Certificates decoded so far (not taken from the cache), for tests.</summary>
    public long Decodes => Interlocked.Read(ref _decodes);

    /// <exception cref="CryptographicException">The bytes are not a certificate whose fields all decode.</exception>
    public DecodedCertificate Get(byte[] der)
    {
        if (_entries.TryGetValue(der, out var entry)) return entry;
        Interlocked.Increment(ref _decodes);
        entry = new DecodedCertificate(LoadReadable(der));
        if (_entries.Count >= MaxEntries) _entries.Clear();
        return _entries.GetOrAdd(der, entry);
    }

    /// <summary>
    /// Loads a certificate and reads, once, every field the checks after this use. OpenSSL decodes some of them only
    /// when asked: a certificate whose validity dates do not parse loaded fine and then threw out of the chain check
    /// (found by the fuzz test: one flipped byte in the base64).
    /// </summary>
    private static X509Certificate2 LoadReadable(byte[] der)
    {
        var certificate = X509CertificateLoader.LoadCertificate(der);
        try
        {
            _ = certificate.NotBefore;
            _ = certificate.NotAfter;
            _ = certificate.Subject;
            _ = certificate.Issuer;
            _ = certificate.SerialNumber;
            _ = certificate.Thumbprint;
            _ = certificate.Extensions.Count;
            _ = certificate.PublicKey.Oid;
            return certificate;
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    private sealed class DerComparer : IEqualityComparer<byte[]>
    {
        public static readonly DerComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}

/// <summary>One decoded KeyInfo certificate and the facts read from it, shared by every filing that sends the same bytes.
/// Never dispose <see cref="Certificate"/>: other verifications may be using it.</summary>
internal sealed class DecodedCertificate
{
    private readonly RSA? _key;
    private IReadOnlyList<SignatureFinding>? _ownFindings;
    private IReadOnlyList<string>? _msts;
    private SignerInfo? _description;

    public DecodedCertificate(X509Certificate2 certificate)
    {
        Certificate = certificate;
        IsCertificateAuthority = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true };
        _key = certificate.GetRSAPublicKey();
        KeyParameters = _key?.ExportParameters(includePrivateParameters: false);
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Basic constraints say CA: only an untrusted helper for chain building, never the signer.</summary>
    public bool IsCertificateAuthority { get; }

    /// <summary>The RSA public key's modulus and exponent, or null when the key is not RSA.</summary>
    public RSAParameters? KeyParameters { get; }

    public bool HasRsaKey => _key is not null;

    /// <summary>Checks an RSA PKCS#1 signature over a hash with the certificate's key (false when the key is not RSA).
    /// One key object serves every filing of this signer, one at a time.</summary>
    public bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName algorithm)
    {
        if (_key is null) return false;
        lock (_key)
        {
            return _key.VerifyHash(hash, signature, algorithm, RSASignaturePadding.Pkcs1);
        }
    }

    /// <summary>The MSTs of the subject's UID attributes.</summary>
    public IReadOnlyList<string> Msts => _msts ??= CertificateMst.ReadAll(Certificate.SubjectName);

    /// <summary>What the checks that read only the certificate found (key usage, extended key usage, key size under
    /// <paramref name="options"/>); the cache belongs to one verifier, whose options never change.</summary>
    public IReadOnlyList<SignatureFinding> OwnFindings(SignatureVerifierOptions options)
    {
        if (_ownFindings is { } known) return known;
        var findings = new FindingList();
        KeyUsageCheck.Run(Certificate, findings);
        ExtendedKeyUsageCheck.Run(Certificate, findings);
        KeySizeCheck.Run(Certificate, options, findings);
        return _ownFindings = findings.ToList();
    }

    /// <summary>The signer as receipts and records name it, with the algorithms of the signature at hand.</summary>
    public SignerInfo Describe(SignatureStructure structure)
    {
        var description = _description ??= new SignerInfo(
            Certificate.Subject,
            Certificate.Issuer,
            Certificate.SerialNumber,
            Certificate.Thumbprint,
            Certificate.GetCertHashString(HashAlgorithmName.SHA256),
            new DateTimeOffset(Certificate.NotBefore.ToUniversalTime()),
            new DateTimeOffset(Certificate.NotAfter.ToUniversalTime()),
            CertificateMst.Read(Certificate),
            null,
            null,
            false);
        return description with { SignatureAlgorithm = structure.SignatureMethod, DigestAlgorithm = structure.DigestMethod, UsedSha1 = structure.UsesSha1 };
    }
}
