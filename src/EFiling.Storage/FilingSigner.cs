namespace EFiling.Storage;

/// <summary>
/// Who signed a filing: the certificate whose key verified its signature at intake, recorded with the other facts.
/// Everything after intake (reconciliation's certificate check, the review page, the status) reads this record and
/// never the document's KeyInfo again: KeyInfo and the rest of the signature block are not covered by the signature,
/// so the first certificate found there can be anyone's.
/// </summary>
/// <param name="Thumbprint">SHA-1 thumbprint, upper-case hex: what the registry lists and certificate viewers show.</param>
/// <param name="Sha256">SHA-256 thumbprint, upper-case hex.</param>
/// <param name="Mst">The tax code in the subject's UID (<c>MST:…</c>), or null when it carries none.</param>
public sealed record FilingSigner(
    string Thumbprint, string Sha256, string Subject, string Issuer, string SerialNumber,
    DateTimeOffset NotBeforeUtc, DateTimeOffset NotAfterUtc, string? Mst);
