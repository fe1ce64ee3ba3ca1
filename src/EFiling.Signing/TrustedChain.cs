using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>The certificate path that reached a configured root: the signer first, each issuer after it, the
/// trusted root last. Owns its certificate copies, for the revocation check that follows chain building.</summary>
internal sealed class TrustedChain(IReadOnlyList<X509Certificate2> certificates) : IDisposable
{
    public IReadOnlyList<X509Certificate2> Certificates { get; } = certificates;

    public void Dispose()
    {
        foreach (var certificate in Certificates)
        {
            certificate.Dispose();
        }
    }
}
