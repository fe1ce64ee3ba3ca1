using EFiling.Declarations.Findings;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>What <see cref="SignatureVerifier"/> trusts and tolerates. Trust and seed CRLs are loaded up front;
/// verification reads the network (and a cache) only when <see cref="OnlineRevocation"/> is set.</summary>
public sealed record SignatureVerifierOptions
{
    /// <summary>The only roots a signer's chain may end in (the national root CA and any others the office lists).</summary>
    public X509Certificate2Collection TrustedRoots { get; init; } = new();

    /// <summary>Untrusted helpers for chain building (the licensed CAs' issuing certificates).</summary>
    public X509Certificate2Collection Intermediates { get; init; } = new();

    /// <summary>CRLs for offline revocation checking, and the seed for online checking; see <see cref="LoadCrlFolder"/>.</summary>
    public IReadOnlyList<RevocationList> Crls { get; init; } = [];

    /// <summary>RSA-SHA1 / SHA-1 digests (2019–2021 HTKK filings) are accepted, with a <c>SIG_SHA1_USED</c> warning, when the
    /// check time passed to <see cref="SignatureVerifier"/> is before this instant, and refused from it on. Null (the
    /// default here): SHA-1 is never accepted.</summary>
    public DateTimeOffset? Sha1AcceptedUntil { get; init; }

    /// <summary>Signer RSA keys shorter than this are refused (<c>CERT_KEY_TOO_SMALL</c>); at least this but under 2048 bits
    /// they are accepted with a <c>CERT_KEY_WEAK</c> warning (some CAs issued 1024-bit keys).</summary>
    public int MinRsaKeyBits { get; init; } = 1024;

    /// <summary>Online revocation (OCSP, CRL download, cache) when no fresh CRL is configured; null: offline only.</summary>
    public RevocationSource? OnlineRevocation { get; init; }


    /// <summary>Accept, besides the one Reference to the signed part, a signed signing time: one ds:Object of exactly the
    /// shape <see cref="SigningTimeObject"/> pins, covered by a second Reference. The tax authority's replies (TBaoThue)
    /// are signed so; declarations never are, so it is off unless a caller verifies such replies.</summary>
    public bool AcceptSignedSigningTime { get; init; }

    /// <summary>Which implementation checks the signature value and digest; <see cref="XmlDsigPath.Reference"/> switches the
    /// fast path off.</summary>
    public XmlDsigPath XmlDsig { get; init; } = DefaultXmlDsig;

    /// <summary>The default of <see cref="XmlDsig"/>: Fast. The test projects set Differential before any test runs, so
    /// every signature the suite checks (every attack case included) is checked by both paths and compared.</summary>
    internal static XmlDsigPath DefaultXmlDsig { get; set; } = XmlDsigPath.Fast;

    /// <summary>Accept a branch filing (<c>0100109106-001</c>) signed with the parent's certificate (<c>0100109106</c>).</summary>
    public bool AllowBranchOnParentCertificate { get; init; }

    /// <summary>Severity of <c>CERT_REVOCATION_UNKNOWN</c> (no usable CRL or OCSP answer for a certificate of the chain):
    /// Reject refuses, Review sends the filing to an officer, Warn only records it.</summary>
    public Severity RevocationUnknownSeverity { get; init; } = Severity.Reject;

    /// <summary>Reads every <c>CERTIFICATE</c> block of a PEM file. Throws if there is none, since an empty
    /// trust list would make every signature fail for a reason that is hard to see.</summary>
    public static X509Certificate2Collection LoadPemBundle(string path)
    {
        var text = File.ReadAllText(path);
        var certificates = new X509Certificate2Collection();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
                certificates.Add(X509CertificateLoader.LoadCertificate(der));
            }

            rest = rest[fields.Location.End..];
        }

        if (certificates.Count == 0)
        {
            throw new InvalidDataException($"No certificate found in PEM bundle {path}.");
        }

        return certificates;
    }

    /// <summary>Loads the <c>.crl</c>/<c>.pem</c> files of a folder (see <see cref="RevocationList.LoadFolder"/>).</summary>
    public static IReadOnlyList<RevocationList> LoadCrlFolder(string folder) => RevocationList.LoadFolder(folder);

    /// <summary>Options from files: a PEM bundle of trusted roots, optionally intermediates and a CRL folder.</summary>
    public static SignatureVerifierOptions FromFiles(string trustedRootsPem, string? intermediatesPem = null, string? crlFolder = null) =>
        new()
        {
            TrustedRoots = LoadPemBundle(trustedRootsPem),
            Intermediates = intermediatesPem is null ? new() : LoadPemBundle(intermediatesPem),
            Crls = crlFolder is null ? [] : LoadCrlFolder(crlFolder),
        };
}
