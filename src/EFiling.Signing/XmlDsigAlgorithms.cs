using System.Security.Cryptography.Xml;

namespace EFiling.Signing;

/// <summary>The algorithm URIs we accept, in one place so signer and verifier cannot drift apart.</summary>
public static class XmlDsigAlgorithms
{
    public const string DsigNamespace = SignedXml.XmlDsigNamespaceUrl;

    public const string RsaSha256 = SignedXml.XmlDsigRSASHA256Url;
    public const string RsaSha1 = SignedXml.XmlDsigRSASHA1Url;
    public const string Sha256 = SignedXml.XmlDsigSHA256Url;
    public const string Sha1 = SignedXml.XmlDsigSHA1Url;

    public const string Enveloped = SignedXml.XmlDsigEnvelopedSignatureTransformUrl;
    public const string C14N = SignedXml.XmlDsigC14NTransformUrl;
    public const string C14NWithComments = SignedXml.XmlDsigC14NWithCommentsTransformUrl;
    public const string ExcC14N = SignedXml.XmlDsigExcC14NTransformUrl;
    public const string ExcC14NWithComments = SignedXml.XmlDsigExcC14NWithCommentsTransformUrl;

    /// <summary>Canonicalizations: pure functions of the node set, nothing that evaluates expressions or fetches.</summary>
    public static readonly IReadOnlySet<string> Canonicalizations =
        new HashSet<string>(StringComparer.Ordinal) { C14N, C14NWithComments, ExcC14N, ExcC14NWithComments };

    /// <summary>Reference transforms: the canonicalizations plus enveloped-signature. XSLT, XPath,
    /// XPath Filter 2, base64 and decryption transforms are deliberately absent.</summary>
    public static readonly IReadOnlySet<string> Transforms =
        new HashSet<string>(Canonicalizations, StringComparer.Ordinal) { Enveloped };
}
