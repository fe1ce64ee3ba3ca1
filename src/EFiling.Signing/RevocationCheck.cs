using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>
/// Offline revocation of every certificate of the trusted chain except the root: the signer against its issuing
/// CA's CRL, the issuing CA against the root's CRL, and so on. For each, the newest complete CRL that its issuer
/// really signed decides. A missing or expired CRL means we cannot tell (<c>CERT_REVOCATION_UNKNOWN</c>), which
/// by default is as bad as revoked.
/// </summary>
internal static class RevocationCheck
{
    public static void Run(TrustedChain chain, DateTimeOffset atTime, SignatureVerifierOptions options, FindingList findings)
    {
        var path = chain.Certificates;
        // The last certificate is the trust anchor: trusted because it is configured, it has no issuer to ask.
        // A CA certificate follows the same rule as the signer's, missing CRL included (unknown, refused by
        // default): a compromised issuing CA can mint a certificate for any MST and sign a clean CRL for it, so
        // the signer's CRL is only worth the CA's own standing. Deployments therefore configure the root's CRL
        // too (the dev PKI publishes one).
        for (var i = 0; i < path.Count - 1; i++)
        {
            CheckOne(path[i], path[i + 1], isSigner: i == 0, atTime, options, findings);
        }
    }

    private static void CheckOne(
        X509Certificate2 certificate, X509Certificate2 issuer, bool isSigner, DateTimeOffset atTime,
        SignatureVerifierOptions options, FindingList findings)
    {
        var role = isSigner ? "signer certificate" : $"CA certificate \"{certificate.Subject}\"";
        var crl = options.Crls
            .Where(c => !c.IsDelta && c.IsSignedBy(issuer))
            .MaxBy(c => c.ThisUpdate);
        if (crl is null)
        {
            findings.Add(
                SignatureCodes.CertRevocationUnknown,
                options.RevocationUnknownSeverity,
                $"No CRL signed by \"{issuer.Subject}\" is configured, so revocation of the {role} cannot be checked.");
            return;
        }

        // A revocation dated after atTime did not exist when the filing was received: the signature stands.
        if (crl.TryGetRevocation(certificate.SerialNumberBytes.Span, out var revokedAt) && revokedAt <= atTime)
        {
            findings.Reject(
                isSigner ? SignatureCodes.CertRevoked : SignatureCodes.CertIssuerRevoked,
                $"The {role} (serial {certificate.SerialNumber}) was revoked at {revokedAt.ToUniversalTime():u}.");
            return;
        }

        if (crl.NextUpdate is { } nextUpdate && nextUpdate < atTime)
        {
            findings.Add(
                SignatureCodes.CertRevocationUnknown,
                options.RevocationUnknownSeverity,
                $"The newest CRL of \"{issuer.Subject}\" expired at {nextUpdate.ToUniversalTime():u}, so revocation of the {role} at {atTime.ToUniversalTime():u} cannot be checked.");
        }
    }
}
