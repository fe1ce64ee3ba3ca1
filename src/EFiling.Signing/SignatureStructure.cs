using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>What <see cref="SignatureStructureInspector"/> read from the ds:Signature element.</summary>
internal sealed record SignatureStructure(
    string? SignatureMethod,
    string? DigestMethod,
    bool HasSingleReference,
    string? ReferenceUri,
    X509Certificate2? Signer,
    X509Certificate2Collection OtherCertificates,
    System.Xml.XmlElement? SigningTimeObject = null)
{
    public bool UsesSha1 =>
        SignatureMethod == XmlDsigAlgorithms.RsaSha1 || DigestMethod == XmlDsigAlgorithms.Sha1;
}
