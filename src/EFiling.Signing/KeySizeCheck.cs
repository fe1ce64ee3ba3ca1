using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>The signer's RSA key length: below <see cref="SignatureVerifierOptions.MinRsaKeyBits"/> refused, below 2048
/// bits accepted with a warning (several Vietnamese CAs issued 1024-bit keys that are still in use).</summary>
internal static class KeySizeCheck
{
    public const int RecommendedBits = 2048;

    public static void Run(X509Certificate2 signer, SignatureVerifierOptions options, FindingList findings)
    {
        using var rsa = signer.GetRSAPublicKey();
        if (rsa is null)
        {
            return; // reported by the structure check (SIG_ALGORITHM_NOT_ALLOWED)
        }

        var bits = rsa.KeySize;
        if (bits < options.MinRsaKeyBits)
        {
            findings.Reject(
                SignatureCodes.CertKeyTooSmall,
                $"The signer certificate's RSA key has {bits} bits; at least {options.MinRsaKeyBits} are required.");
        }
        else if (bits < RecommendedBits)
        {
            findings.Warn(
                SignatureCodes.CertKeyWeak,
                $"The signer certificate's RSA key has {bits} bits, accepted (minimum {options.MinRsaKeyBits}) but below the recommended {RecommendedBits}.");
        }
    }
}
