using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>
/// Revocation of every certificate of the trusted chain except the root: the signer against its issuing CA,
/// the issuing CA against the root, and so on. For each certificate, in this order:
/// <list type="number">
/// <item>fresh CRLs its issuer really signed, from the configured folder (the seed) or the cache — complete, partitioned
/// and delta CRLs, of which <see cref="CrlDecision"/> uses those that apply to the certificate (RFC 5280 §6.3);</item>
/// <item>with <see cref="SignatureVerifierOptions.OnlineRevocation"/>: the OCSP responder of its AIA (cached answer first);</item>
/// <item>then a download from its CRL distribution points (http only);</item>
/// <item>else CRLs that still cover the check time even if they are past their nextUpdate now.</item>
/// </list>
/// When nothing answers, revocation is unknown (<c>CERT_REVOCATION_UNKNOWN</c>) with the configured severity.
/// "Fresh" means valid at the check time and, when online, not past its nextUpdate now (otherwise it is fetched
/// again). A revocation dated after the check time did not exist when the filing was received: it stands.
/// </summary>
internal static class RevocationCheck
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

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
        var online = options.OnlineRevocation;
        var now = online?.Time.GetUtcNow() ?? atTime;
        var notes = new List<string>();

        var crlUris = new List<Uri>();
        if (online is not null)
        {
            foreach (var uri in CertificateRevocationPointers.CrlUris(certificate))
            {
                if (RevocationSource.IsFetchable(uri, out var parsed)) crlUris.Add(parsed!);
                else notes.Add($"CRL distribution point {uri} not fetched (only http is)");
            }
        }

        // 1. Seeded and cached CRLs (complete and delta; CrlDecision says which of them count for this certificate).
        var known = options.Crls.Where(c => c.IsSignedBy(issuer)).ToList();
        if (online?.Cache is { } cache)
        {
            foreach (var uri in crlUris)
            {
                if (ParseCrl(cache.Get(RevocationCacheKeys.Crl(uri)), uri, issuer) is { } cached) known.Add(cached);
            }
        }

        // Offline, "now" is the check time; a CRL dated in the future is judged against the real clock all the same.
        var clock = online?.Time.GetUtcNow() ?? DateTimeOffset.UtcNow;
        var answer = CrlDecision.Decide(known, certificate, atTime, clock, requireFresh: online is not null, notes);
        if (answer.Verdict != CrlVerdict.Unknown)
        {
            Decide(answer, certificate, role, isSigner, findings);
            return;
        }

        if (online is not null)
        {
            // 2. OCSP, 3. CRL download.
            if (AskOcsp(online, certificate, issuer, atTime, now, notes) is { } ocsp)
            {
                if (ocsp.Status == OcspCertStatus.Revoked && ocsp.RevokedAt is { } revokedAt && revokedAt <= atTime)
                {
                    RejectRevoked(certificate, role, isSigner, revokedAt, "OCSP", findings);
                }

                return;
            }

            foreach (var uri in crlUris)
            {
                if (Download(online, uri, issuer, notes) is not { } downloaded) continue;
                known.Add(downloaded);
                answer = CrlDecision.Decide(known, certificate, atTime, clock, requireFresh: false, notes);
                if (answer.Verdict != CrlVerdict.Unknown)
                {
                    Decide(answer, certificate, role, isSigner, findings);
                    return;
                }
            }

            // 4. A CRL past its nextUpdate now still speaks for a check time it covers.
            answer = CrlDecision.Decide(known, certificate, atTime, clock, requireFresh: false, notes);
            if (answer.Verdict != CrlVerdict.Unknown)
            {
                Decide(answer, certificate, role, isSigner, findings);
                return;
            }
        }

        var tried = notes.Count == 0 ? "" : " (" + string.Join("; ", notes.Distinct()) + ")";
        if (answer.Expired?.NextUpdate is { } nextUpdate)
        {
            findings.Add(
                SignatureCodes.CertRevocationUnknown,
                options.RevocationUnknownSeverity,
                $"The newest CRL of \"{issuer.Subject}\" expired at {nextUpdate.ToUniversalTime():u}, so revocation of the {role} at {atTime.ToUniversalTime():u} cannot be checked{tried}.");
            return;
        }

        findings.Add(
            SignatureCodes.CertRevocationUnknown,
            options.RevocationUnknownSeverity,
            known.Count > 0
                ? $"No usable complete CRL signed by \"{issuer.Subject}\" covers the {role}, so its revocation cannot be checked{tried}."
                : online is null
                    ? $"No CRL signed by \"{issuer.Subject}\" is configured, so revocation of the {role} cannot be checked."
                    : $"No CRL signed by \"{issuer.Subject}\" and no OCSP answer could be had, so revocation of the {role} cannot be checked{tried}.");
    }

    private static void Decide(CrlAnswer answer, X509Certificate2 certificate, string role, bool isSigner, FindingList findings)
    {
        if (answer is { Verdict: CrlVerdict.Revoked, RevokedAt: { } revokedAt })
        {
            RejectRevoked(certificate, role, isSigner, revokedAt, answer.OnHold ? "CRL, on hold" : "CRL", findings);
        }
    }

    private static void RejectRevoked(
        X509Certificate2 certificate, string role, bool isSigner, DateTimeOffset revokedAt, string by, FindingList findings) =>
        findings.Reject(
            isSigner ? SignatureCodes.CertRevoked : SignatureCodes.CertIssuerRevoked,
            $"The {role} (serial {certificate.SerialNumber}) was revoked at {revokedAt.ToUniversalTime():u} ({by}).");

    /// <summary>A usable OCSP answer (good or revoked, covering the check time, not stale now), or null.</summary>
    private static OcspAnswer? AskOcsp(
        RevocationSource online, X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset atTime, DateTimeOffset now, List<string> notes)
    {
        var responders = CertificateRevocationPointers.OcspUris(certificate);
        if (responders.Count == 0) return null;

        var key = RevocationCacheKeys.Ocsp(OcspClient.IssuerKeyHash(issuer), certificate.SerialNumberBytes.Span);
        if (online.Cache?.Get(key) is { } cachedBytes
            && OcspClient.Read(cachedBytes, certificate, issuer, now, out _) is { } cached
            && Usable(cached, atTime, now, cachedOnly: true))
        {
            return cached;
        }

        foreach (var responder in responders)
        {
            if (!RevocationSource.IsFetchable(responder, out var uri))
            {
                notes.Add($"OCSP responder {responder} not asked (only http is)");
                continue;
            }

            var bytes = online.PostOcsp(uri!, OcspClient.BuildRequest(certificate, issuer), out var error);
            if (bytes is null)
            {
                notes.Add($"OCSP: {error}");
                continue;
            }

            var answer = OcspClient.Read(bytes, certificate, issuer, now, out error);
            if (answer is null)
            {
                notes.Add($"OCSP {uri}: {error}");
                continue;
            }

            if (answer.Status == OcspCertStatus.Unknown)
            {
                notes.Add($"OCSP {uri} does not know the certificate");
                continue;
            }

            if (!Usable(answer, atTime, now, cachedOnly: false))
            {
                notes.Add($"OCSP {uri} answered for {answer.ThisUpdate:u}–{answer.NextUpdate:u}, which is stale or does not cover {atTime.ToUniversalTime():u}");
                continue;
            }

            if (answer.NextUpdate is not null) online.Cache?.Put(key, bytes);
            return answer;
        }

        return null;
    }

    /// <summary>Covers the check time (issued after it, or valid until after it) and is not past its nextUpdate now.
    /// A cached answer without nextUpdate is never reused.</summary>
    private static bool Usable(OcspAnswer answer, DateTimeOffset atTime, DateTimeOffset now, bool cachedOnly)
    {
        if (answer.Status == OcspCertStatus.Unknown) return false;
        if (answer.NextUpdate is not { } next) return !cachedOnly && answer.ThisUpdate >= atTime - Skew;
        return next > now && (answer.ThisUpdate >= atTime || next >= atTime);
    }

    private static RevocationList? Download(RevocationSource online, Uri uri, X509Certificate2 issuer, List<string> notes)
    {
        var bytes = online.Get(uri, out var error);
        if (bytes is null)
        {
            notes.Add($"CRL: {error}");
            return null;
        }

        var crl = ParseCrl(bytes, uri, issuer);
        if (crl is null)
        {
            notes.Add($"CRL {uri} is not a CRL signed by \"{issuer.Subject}\"");
            return null;
        }

        online.Cache?.Put(RevocationCacheKeys.Crl(uri), bytes);
        return crl;
    }

    private static RevocationList? ParseCrl(byte[]? bytes, Uri uri, X509Certificate2 issuer)
    {
        if (bytes is null) return null;
        try
        {
            var crl = RevocationList.Parse(bytes, uri.AbsoluteUri);
            return crl.IsSignedBy(issuer) ? crl : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
