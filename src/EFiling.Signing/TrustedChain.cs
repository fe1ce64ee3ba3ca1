using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>The certificate path that reached a configured root: the signer first, each issuer after it, the
/// trusted root last. Owns its certificate copies, for the revocation check that follows chain building — except a
/// path lent out of the <see cref="ChainCache"/>, whose certificates stay with the cache.</summary>
internal sealed class TrustedChain(IReadOnlyList<X509Certificate2> certificates, bool owned = true) : IDisposable
{
    public IReadOnlyList<X509Certificate2> Certificates { get; } = certificates;

    /// <summary>The same certificates, not to be disposed by the borrower.</summary>
    public TrustedChain Borrow() => new(Certificates, owned: false);

    /// <summary>An owned copy of every certificate.</summary>
    public TrustedChain Copy() => new(Certificates.Select(c => X509CertificateLoader.LoadCertificate(c.RawData)).ToArray());

    public void Dispose()
    {
        if (!owned)
        {
            return;
        }

        foreach (var certificate in Certificates)
        {
            certificate.Dispose();
        }
    }
}
