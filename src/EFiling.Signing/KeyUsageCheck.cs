using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>A filing signature is a signature with legal weight: the certificate must be meant for
/// digital signature or non-repudiation, not only for encryption or TLS.</summary>
internal static class KeyUsageCheck
{
    private const X509KeyUsageFlags Required = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;

    public static void Run(X509Certificate2 signer, FindingList findings)
    {
        var keyUsage = signer.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is null)
        {
            // Vietnamese CAs always set it; a certificate without one was not issued for signing filings.
            findings.Reject(SignatureCodes.CertKeyUsage, "The signer certificate has no key usage extension.");
        }
        else if ((keyUsage.KeyUsages & Required) == 0)
        {
            findings.Reject(
                SignatureCodes.CertKeyUsage,
                $"The signer certificate's key usage ({keyUsage.KeyUsages}) includes neither digitalSignature nor nonRepudiation.");
        }
    }
}
