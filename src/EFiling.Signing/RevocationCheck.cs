using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>
/// Offline revocation: the newest complete CRL that its issuer really signed decides. A missing or expired
/// CRL means we cannot tell (<c>CERT_REVOCATION_UNKNOWN</c>), which by default is as bad as revoked.
/// </summary>
internal static class RevocationCheck
{
    public static void Run(X509Certificate2 signer, X509Certificate2 issuer, DateTimeOffset atTime, SignatureVerifierOptions options, FindingList findings)
    {
        var crl = options.Crls
            .Where(c => !c.IsDelta && c.IsSignedBy(issuer))
            .MaxBy(c => c.ThisUpdate);
        if (crl is null)
        {
            findings.Add(
                SignatureCodes.CertRevocationUnknown,
                options.RevocationUnknownSeverity,
                $"No CRL signed by the issuer \"{issuer.Subject}\" is configured, so revocation cannot be checked.");
            return;
        }

        // A revocation dated after atTime did not exist when the filing was received: the signature stands.
        if (crl.TryGetRevocation(signer.SerialNumberBytes.Span, out var revokedAt) && revokedAt <= atTime)
        {
            findings.Reject(
                SignatureCodes.CertRevoked,
                $"The signer certificate (serial {signer.SerialNumber}) was revoked at {revokedAt.ToUniversalTime():u}.");
            return;
        }

        if (crl.NextUpdate is { } nextUpdate && nextUpdate < atTime)
        {
            findings.Add(
                SignatureCodes.CertRevocationUnknown,
                options.RevocationUnknownSeverity,
                $"The newest CRL of \"{issuer.Subject}\" expired at {nextUpdate.ToUniversalTime():u}, so revocation at {atTime.ToUniversalTime():u} cannot be checked.");
        }
    }
}
