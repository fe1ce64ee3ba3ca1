using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>What a set of CRLs its issuer really signed says about one certificate at the check time.</summary>
internal enum CrlVerdict
{
    /// <summary>No usable complete CRL covers the certificate: it may still be revoked.</summary>
    Unknown,
    Good,
    Revoked,
}

internal sealed record CrlAnswer(CrlVerdict Verdict, DateTimeOffset? RevokedAt = null, bool OnHold = false, RevocationList? Expired = null);

/// <summary>
/// Which CRLs speak for a certificate, after RFC 5280 §6.3:
/// <list type="bullet">
/// <item>a CRL with something unsupported (<see cref="RevocationList.Unsupported"/>: an unknown critical extension,
/// an indirect CRL) is not used at all;</item>
/// <item>a CRL with an issuing distribution point is used only for the certificates in its scope: one of the
/// certificate's CRL distribution point URIs is the CRL's, and only-user / only-CA matches the certificate's
/// basic constraints;</item>
/// <item>a CRL dated after "now" (beyond a few minutes of clock skew) is not used;</item>
/// <item>the certificate is revoked when any usable CRL lists it, revoked at or before the check time, for a reason
/// other than certificateHold: a revocation cannot be undone, so an older CRL, a CRL for some reasons only, or a
/// delta whose base is missing all count;</item>
/// <item>otherwise it is good only when a complete CRL for all reasons covers the check time (nextUpdate not
/// before it, and not past now when <c>requireFresh</c>): the newest such CRL (by CRL number within one scope,
/// else thisUpdate) is the base, combined with the newest delta CRL of the same scope whose base CRL number it
/// has (BaseCRLNumber ≤ the base's number &lt; the delta's); the delta's entry, a removeFromCRL included, overrides
/// the base's, and a hold that stands in the result makes the certificate revoked (suspended).</item>
/// </list>
/// </summary>
internal static class CrlDecision
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    /// <param name="crls">CRLs already known to be signed by the certificate's issuer.</param>
    /// <param name="now">The clock, for CRLs dated in the future and, with <paramref name="requireFresh"/>, for staleness.</param>
    /// <param name="notes">Why CRLs were not used, for the unknown-revocation message.</param>
    public static CrlAnswer Decide(
        IEnumerable<RevocationList> crls, X509Certificate2 certificate, DateTimeOffset atTime, DateTimeOffset now, bool requireFresh,
        ICollection<string> notes)
    {
        var serial = certificate.SerialNumberBytes;
        var usable = crls.Where(c => IsUsable(c, certificate, now, notes)).ToList();

        var revokedAt = usable
            .Select(c => c.TryGetEntry(serial.Span, out var entry) && !entry.IsHoldOrRelease && entry.RevokedAt <= atTime ? entry.RevokedAt : (DateTimeOffset?)null)
            .Min();
        if (revokedAt is not null)
        {
            return new CrlAnswer(CrlVerdict.Revoked, revokedAt);
        }

        var complete = usable.Where(c => !c.IsDelta && c.Scope?.OnlySomeReasons != true).ToList();
        var covering = complete.Where(c => Covers(c, atTime) && (!requireFresh || IsFresh(c, now))).ToList();
        var baseCrl = Newest(covering);
        if (baseCrl is null)
        {
            var newest = Newest(complete);
            return new CrlAnswer(CrlVerdict.Unknown, Expired: newest?.NextUpdate is not null ? newest : null);
        }

        var delta = Newest(usable.Where(d => d.IsDelta && Extends(d, baseCrl, notes) && Covers(d, atTime)));

        var listed = delta is not null && delta.TryGetEntry(serial.Span, out var deltaEntry)
            ? deltaEntry
            : baseCrl.TryGetEntry(serial.Span, out var baseEntry) ? baseEntry : (RevocationEntry?)null;
        if (listed is { Reason: X509RevocationReason.CertificateHold } hold && hold.RevokedAt <= atTime)
        {
            return new CrlAnswer(CrlVerdict.Revoked, hold.RevokedAt, OnHold: true);
        }

        return new CrlAnswer(CrlVerdict.Good);
    }

    /// <summary>Not past its nextUpdate at the check time.</summary>
    public static bool Covers(RevocationList crl, DateTimeOffset atTime) => crl.NextUpdate is not { } next || next >= atTime;

    private static bool IsFresh(RevocationList crl, DateTimeOffset now) => crl.NextUpdate is not { } next || next > now;

    private static bool IsUsable(RevocationList crl, X509Certificate2 certificate, DateTimeOffset now, ICollection<string> notes)
    {
        var why = crl.Unsupported
                  ?? (crl.ThisUpdate > now + Skew ? $"dated {crl.ThisUpdate.ToUniversalTime():u}, in the future" : null)
                  ?? OutOfScope(crl.Scope, certificate);
        if (why is null)
        {
            return true;
        }

        notes.Add($"CRL {crl.Source ?? $"number {crl.Number}"} not used: {why}");
        return false;
    }

    private static string? OutOfScope(CrlScope? scope, X509Certificate2 certificate)
    {
        if (scope is null)
        {
            return null;
        }

        var isCa = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault()?.CertificateAuthority == true;
        if (scope.OnlyUserCertificates && isCa) return "it covers only end-entity certificates";
        if (scope.OnlyCaCertificates && !isCa) return "it covers only CA certificates";
        if (scope.Uris.Count > 0 && !scope.Uris.Intersect(CertificateRevocationPointers.CrlUris(certificate), StringComparer.Ordinal).Any())
        {
            return $"its issuing distribution point ({string.Join(", ", scope.Uris)}) is not one of the certificate's CRL distribution points";
        }

        return null;
    }

    /// <summary>A delta CRL applies to the base: same scope, and built on a CRL number the base has reached, newer than it.</summary>
    private static bool Extends(RevocationList delta, RevocationList baseCrl, ICollection<string> notes)
    {
        string? why = null;
        if (baseCrl.Number is not { } number) why = "the complete CRL at hand has no CRL number";
        else if (!CrlScope.Same(delta.Scope, baseCrl.Scope)) why = "its scope is not the complete CRL's";
        else if (delta.BaseNumber > number) why = $"it needs base CRL number {delta.BaseNumber}, the newest complete CRL at hand is {number}";
        else if (delta.Number is not { } deltaNumber || deltaNumber <= number) return false; // older than the base: nothing to add

        if (why is not null)
        {
            notes.Add($"delta CRL {delta.Source ?? $"number {delta.Number}"} not combined: {why}");
            return false;
        }

        return true;
    }

    /// <summary>The newest: by CRL number between CRLs of one scope that both have one, else by thisUpdate.</summary>
    private static RevocationList? Newest(IEnumerable<RevocationList> crls) =>
        crls.Aggregate((RevocationList?)null, (best, c) => best is null || IsNewer(c, best) ? c : best);

    private static bool IsNewer(RevocationList a, RevocationList b) =>
        a.Number is { } na && b.Number is { } nb && CrlScope.Same(a.Scope, b.Scope) ? na > nb : a.ThisUpdate > b.ThisUpdate;
}
