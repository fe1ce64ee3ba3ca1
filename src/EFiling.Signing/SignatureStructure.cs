using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>What <see cref="SignatureStructureInspector"/> read from the ds:Signature element. <c>HasPartReference</c>:
/// the Reference to the signed part was found (the only one, or the first beside a signed signing time's);
/// <c>SigningTime</c>: the accepted signing-time ds:Object, if any (<see cref="SigningTimeObject"/>).</summary>
internal sealed record SignatureStructure(
    string? SignatureMethod,
    string? DigestMethod,
    bool HasPartReference,
    string? ReferenceUri,
    DecodedCertificate? Signer,
    X509Certificate2Collection OtherCertificates,
    SigningTime? SigningTime = null)
{
    public bool UsesSha1 =>
        SignatureMethod == XmlDsigAlgorithms.RsaSha1 || DigestMethod == XmlDsigAlgorithms.Sha1;
}
