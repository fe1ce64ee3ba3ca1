using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>
/// The signer's extended key usage, when it has one, must allow signing documents: a certificate issued only for
/// TLS servers, code signing or client login was not issued to sign tax filings (RFC 5280 §4.2.1.12: when the
/// extension is present, the key is for the purposes listed). Without the extension the key usage check decides.
/// The purposes accepted are the ones the real Vietnamese signer certificates carry (README, "Certificate
/// purposes accepted"); TLS client authentication is not one of them: every real signer certificate that has it also
/// has e-mail protection or Microsoft document signing. Only the signer's certificate is checked, not its CAs':
/// RFC 5280 gives a CA's EKU no meaning for its subjects, and Viettel-CA's 2020 issuing certificates say code
/// signing only.
/// </summary>
internal static class ExtendedKeyUsageCheck
{
    /// <summary>OID → name, for messages and the README.</summary>
    public static readonly IReadOnlyDictionary<string, string> Accepted = new Dictionary<string, string>
    {
        ["2.5.29.37.0"] = "anyExtendedKeyUsage",
        ["1.3.6.1.5.5.7.3.4"] = "emailProtection",
        ["1.3.6.1.5.5.7.3.36"] = "documentSigning",
        ["1.3.6.1.4.1.311.10.3.12"] = "Microsoft document signing",
        ["1.2.840.113583.1.1.5"] = "Adobe authentic documents",
    };

    public static void Run(X509Certificate2 signer, FindingList findings)
    {
        var extension = signer.Extensions.FirstOrDefault(e => e.Oid?.Value == "2.5.29.37");
        if (extension is null)
        {
            return;
        }

        List<string> purposes;
        try
        {
            var eku = extension as X509EnhancedKeyUsageExtension ?? new X509EnhancedKeyUsageExtension(extension, extension.Critical);
            purposes = eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value ?? "").ToList();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            findings.Reject(SignatureCodes.CertExtendedKeyUsage, "The signer certificate's extended key usage extension cannot be read.");
            return;
        }

        if (!purposes.Any(Accepted.ContainsKey))
        {
            findings.Reject(
                SignatureCodes.CertExtendedKeyUsage,
                $"The signer certificate's extended key usage ({string.Join(", ", purposes)}) names no document-signing purpose; accepted: {string.Join(", ", Accepted.Select(p => $"{p.Value} {p.Key}"))}.");
        }
    }
}
