using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>The certificate path that reached a configured root: the signer first, each issuer after it, the
/// trusted root last, for the revocation check that follows chain building. Usually made of certificates others own
/// (the verifier's decoded certificates, the configured CAs: <see cref="CertificateChainCheck"/>); owns copies only
/// when the builder found a certificate elsewhere, and a path lent out of the <see cref="ChainCache"/> stays the
/// cache's.</summary>
internal sealed class TrustedChain(IReadOnlyList<X509Certificate2> certificates, bool owned = true) : IDisposable
{
    public IReadOnlyList<X509Certificate2> Certificates { get; } = certificates;

    /// <summary>Whether disposing this disposes its certificates.</summary>
    public bool Owned { get; } = owned;

    /// <summary>The same certificates, not to be disposed by the borrower.</summary>
    public TrustedChain Borrow() => new(Certificates, owned: false);

    /// <summary>An owned copy of every certificate.</summary>
    public TrustedChain Copy() => new(Certificates.Select(c => X509CertificateLoader.LoadCertificate(c.RawData)).ToArray());

    public void Dispose()
    {
        if (!Owned)
        {
            return;
        }

        foreach (var certificate in Certificates)
        {
            certificate.Dispose();
        }
    }
}
