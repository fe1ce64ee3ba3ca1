using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>
/// Builds the signer's chain to the configured roots only (never the machine store), as it stood at the
/// time that matters (the filing's receipt time), without downloading anything. Revocation is off here
/// because we check CRLs ourselves, offline.
/// </summary>
internal static class CertificateChainCheck
{
    /// <summary>Returns the whole path when the chain reaches a trusted root, for the CRL check of each certificate in it;
    /// from <paramref name="cache"/> when it holds a path valid at <paramref name="atTime"/>.</summary>
    public static TrustedChain? Run(
        X509Certificate2 signer, X509Certificate2Collection fromKeyInfo, DateTimeOffset atTime,
        SignatureVerifierOptions options, FindingList findings, ChainCache? cache = null) =>
        cache is null
            ? Build(signer, fromKeyInfo, atTime, options, findings)
            : cache.GetOrBuild(signer, fromKeyInfo, atTime, options, findings, own => Build(signer, fromKeyInfo, atTime, options, own));

    private static TrustedChain? Build(
        X509Certificate2 signer, X509Certificate2Collection fromKeyInfo, DateTimeOffset atTime,
        SignatureVerifierOptions options, FindingList findings)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(options.TrustedRoots);
        policy.ExtraStore.AddRange(options.Intermediates);
        policy.ExtraStore.AddRange(fromKeyInfo);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = atTime.UtcDateTime;
        policy.VerificationTimeIgnored = false;

        try
        {
            chain.Build(signer);
            return Evaluate(chain, atTime, findings, [signer, .. fromKeyInfo, .. options.Intermediates, .. options.TrustedRoots]);
        }
        finally
        {
            // The chain hands out its own certificate instances; they are ours to release.
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    private static TrustedChain? Evaluate(X509Chain chain, DateTimeOffset atTime, FindingList findings, X509Certificate2[] held)
    {
        var trusted = true;
        foreach (var status in chain.ChainStatus)
        {
            if (status.Status is X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain)
            {
                trusted = false;
                findings.Reject(
                    SignatureCodes.CertUntrustedRoot,
                    $"The signer certificate does not chain to a configured trusted root ({status.Status}).");
            }
        }

        var elements = chain.ChainElements;
        for (var i = 0; i < elements.Count; i++)
        {
            var certificate = elements[i].Certificate;
            var role = i == 0 ? "The signer certificate" : $"CA certificate \"{certificate.Subject}\"";
            foreach (var status in elements[i].ChainElementStatus)
            {
                Report(status, certificate, role, atTime, findings, ref trusted);
            }
        }

        if (!trusted || elements.Count < 2)
        {
            return null;
        }

        // The chain's own instances are disposed with it. The path is made of the instances the caller already holds
        // (the signer and KeyInfo's CAs from the verifier's decoded-certificate cache, the configured CAs), so nothing is
        // decoded again and a CRL's signature, checked once per issuer instance (RevocationList.IsSignedBy), is checked
        // once per CA instead of once per signer. Only a certificate found nowhere else makes it load copies, as before.
        var path = new X509Certificate2[elements.Count];
        for (var i = 0; i < elements.Count; i++)
        {
            var der = elements[i].Certificate.RawDataMemory;
            if (Array.Find(held, c => c.RawDataMemory.Span.SequenceEqual(der.Span)) is not { } known)
            {
                return new TrustedChain(elements.Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawData)).ToArray());
            }

            path[i] = known;
        }

        return new TrustedChain(path, owned: false);
    }

    private static void Report(
        X509ChainStatus status, X509Certificate2 certificate, string role, DateTimeOffset atTime, FindingList findings, ref bool trusted)
    {
        switch (status.Status)
        {
            case X509ChainStatusFlags.NoError:
            case X509ChainStatusFlags.RevocationStatusUnknown: // revocation is ours (CRLs), not the chain's
            case X509ChainStatusFlags.OfflineRevocation:
            case X509ChainStatusFlags.NotTimeNested: // obsolete rule; RFC 5280 does not require nesting
                break;
            case X509ChainStatusFlags.UntrustedRoot:
            case X509ChainStatusFlags.PartialChain:
                trusted = false;
                findings.Reject(
                    SignatureCodes.CertUntrustedRoot,
                    $"The signer certificate does not chain to a configured trusted root ({status.Status}).");
                break;
            case X509ChainStatusFlags.NotTimeValid:
                var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
                var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
                if (atTime > notAfter)
                {
                    findings.Reject(SignatureCodes.CertExpired, $"{role} expired at {notAfter:u}, before {atTime.ToUniversalTime():u}.");
                }
                else
                {
                    findings.Reject(SignatureCodes.CertNotYetValid, $"{role} is valid only from {notBefore:u}, after {atTime.ToUniversalTime():u}.");
                }

                break;
            default:
                findings.Reject(
                    SignatureCodes.CertChainInvalid,
                    $"{role} fails chain validation: {status.Status} ({status.StatusInformation.Trim()}).");
                break;
        }
    }
}
