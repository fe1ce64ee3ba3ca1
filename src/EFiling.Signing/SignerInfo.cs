namespace EFiling.Signing;

/// <summary>Who signed, and with which algorithms: the one end-entity certificate of KeyInfo/X509Data, whose key the
/// SignatureValue is checked with. In a valid verification it is the certificate that verified the signature; CA
/// certificates sent alongside, and certificates anywhere else in the signature block, never are. Present whenever a
/// signer certificate could be read, even if verification rejected the signature.</summary>
/// <param name="Thumbprint">SHA-1 thumbprint (hex), the form certificate viewers and CA portals display.</param>
/// <param name="ThumbprintSha256">SHA-256 thumbprint (hex), for our own records.</param>
/// <param name="Mst">Tax code from the subject's UID attribute (<c>MST:…</c>), or null when absent.</param>
/// <param name="SignatureAlgorithm">SignatureMethod URI, or null when the signature could not be read that far.</param>
/// <param name="DigestAlgorithm">DigestMethod URI of the reference, or null likewise.</param>
/// <param name="UsedSha1">True when either algorithm is SHA-1 based.</param>
public sealed record SignerInfo(
    string Subject,
    string Issuer,
    string SerialNumber,
    string Thumbprint,
    string ThumbprintSha256,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string? Mst,
    string? SignatureAlgorithm,
    string? DigestAlgorithm,
    bool UsedSha1);
