using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using EFiling.Declarations.Parsing;

namespace EFiling.Signing;

/// <summary>What the fast path concluded about one signature.</summary>
internal enum FastVerdict
{
    /// <summary>The signature value verifies over the canonical SignedInfo, and the reference digest matches.</summary>
    Valid,

    /// <summary>The signature value or the reference digest does not match.</summary>
    Invalid,

    /// <summary>The signature or the document is outside the fast path's profile: the reference path must decide.</summary>
    OutsideProfile,
}

/// <summary>The fast path's answer, with the reference digest it computed (for the differential comparison).</summary>
internal sealed record FastCheckResult(FastVerdict Verdict, string? Reason = null, byte[]? ReferenceDigest = null);

/// <summary>
/// The cryptographic XMLDSig check for the profile real declarations use — one Reference, to the signed part (<c>#id</c>)
/// or the whole document (<c>""</c>), the enveloped-signature transform optionally followed by a C14N 1.0 or exclusive
/// C14N transform (with or without comments), RSA-SHA256 or RSA-SHA1, SHA-256 or SHA-1, KeyInfo with X509Data
/// (certificates, subject names) and KeyValue only — computed on the parsed DOM: the signed part is canonicalised straight into SHA-256
/// (<see cref="StreamingCanonicalizer"/>), SignedInfo likewise, and the RSA signature checked with the certificate's key.
/// It reads the ds:Signature as strictly as SignedXml.LoadXml does and more: any attribute, element, node or algorithm
/// it does not expect, and anything in the document the canonicaliser does not reproduce exactly, is
/// <see cref="FastVerdict.OutsideProfile"/> — never a guess — and SignedXml decides instead. Runs after
/// <see cref="SignatureStructureInspector"/> and <see cref="ReferenceTargetCheck"/> accepted the structure.
/// </summary>
internal static class FastSignatureCheck
{
    public static FastCheckResult Check(XmlDocument document, XmlElement signature, XmlElement signedPart, string? targetId, DecodedCertificate signer)
    {
        try
        {
            var profile = Profile.Read(signature);
            if (profile.Uri.Length > 0 && (targetId is null || profile.Uri != "#" + targetId))
                return new FastCheckResult(FastVerdict.OutsideProfile, "the reference does not name the signed part");

            // The whole document (URI="") or the signed part (URI="#id"); comments are never part of a same-document reference.
            var envelopedSignature = profile.Enveloped ? signature : null;
            var referenceDigest = profile.Uri.Length == 0
                ? StreamingCanonicalizer.DigestDocument(document, profile.DigestAlgorithm, profile.ReferenceExclusive, envelopedSignature)
                : StreamingCanonicalizer.Digest(signedPart, profile.DigestAlgorithm, profile.ReferenceExclusive, refuseComments: false, envelopedSignature);
            var signedInfoDigest = StreamingCanonicalizer.Digest(
                profile.SignedInfo, profile.SignatureHash, profile.SignedInfoExclusive, refuseComments: profile.SignedInfoWithComments, envelopedSignature: null);

            if (!signer.HasRsaKey) return new FastCheckResult(FastVerdict.OutsideProfile, "the certificate holds no RSA key", referenceDigest);
            var signatureValid = signer.VerifyHash(signedInfoDigest, profile.SignatureValue, profile.SignatureHash);
            var digestValid = CryptographicOperations.FixedTimeEquals(referenceDigest, profile.DigestValue);
            return new FastCheckResult(signatureValid && digestValid ? FastVerdict.Valid : FastVerdict.Invalid, null, referenceDigest);
        }
        catch (OutsideProfileException e)
        {
            return new FastCheckResult(FastVerdict.OutsideProfile, e.Message);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            // Whatever SignedXml makes of it (SIG_INVALID or SIG_MALFORMED, with its message) is the answer.
            return new FastCheckResult(FastVerdict.OutsideProfile, e.Message);
        }
    }

    /// <summary>The ds:Signature read strictly: exactly the elements and attributes the profile has, in order.</summary>
    private sealed record Profile(
        XmlElement SignedInfo,
        bool SignedInfoExclusive,
        bool SignedInfoWithComments,
        HashAlgorithmName SignatureHash,
        string Uri,
        bool Enveloped,
        bool ReferenceExclusive,
        HashAlgorithmName DigestAlgorithm,
        byte[] DigestValue,
        byte[] SignatureValue)
    {
        public static Profile Read(XmlElement signature)
        {
            // SignedXml allows an Id on ds:Signature (the tax authority's notices carry one).
            Expect(signature, "Signature", "Id");
            var (signedInfo, signatureValue, keyInfo) = Three(signature, "SignedInfo", "SignatureValue", "KeyInfo");
            Expect(signedInfo, "SignedInfo");
            var (c14n, signatureMethod, reference) = Three(signedInfo, "CanonicalizationMethod", "SignatureMethod", "Reference");

            var c14nAlgorithm = Algorithm(c14n);
            if (!XmlDsigAlgorithms.Canonicalizations.Contains(c14nAlgorithm)) throw Outside("canonicalization method");
            var signatureHash = Algorithm(signatureMethod) switch
            {
                XmlDsigAlgorithms.RsaSha256 => HashAlgorithmName.SHA256,
                XmlDsigAlgorithms.RsaSha1 => HashAlgorithmName.SHA1,
                _ => throw Outside("signature method"),
            };

            Expect(reference, "Reference", "URI");
            if (!reference.HasAttribute("URI")) throw Outside("a reference without URI");
            var uri = reference.GetAttribute("URI");
            var children = Elements(reference);
            // Transforms may be absent (the tax authority's replies): then the part's inclusive C14N, for "#id" only — a
            // whole-document reference without the enveloped-signature transform would digest its own signature.
            var transformsElement = children.Count == 3 ? children[0] : null;
            if (children.Count is not (2 or 3) || (transformsElement is null && uri.Length == 0)
                || (transformsElement is not null && transformsElement.LocalName != "Transforms")
                || children[^2].LocalName != "DigestMethod" || children[^1].LocalName != "DigestValue")
                throw Outside("reference children");
            List<string> transforms = [XmlDsigAlgorithms.Enveloped];
            if (transformsElement is not null)
            {
                Expect(transformsElement, "Transforms");
                transforms = Elements(transformsElement).Select(Algorithm).ToList();
            }

            // Enveloped-signature, optionally followed by one canonicalisation: what HTKK, the eTax portal and XmlSigner write.
            if (transforms.Count is < 1 or > 2 || transforms[0] != XmlDsigAlgorithms.Enveloped
                || (transforms.Count == 2 && !XmlDsigAlgorithms.Canonicalizations.Contains(transforms[1])))
                throw Outside("transforms");
            var digestAlgorithm = Algorithm(children[^2]) switch
            {
                XmlDsigAlgorithms.Sha256 => HashAlgorithmName.SHA256,
                XmlDsigAlgorithms.Sha1 => HashAlgorithmName.SHA1,
                _ => throw Outside("digest method"),
            };

            CheckKeyInfo(keyInfo);
            if (!IsExclusive(c14nAlgorithm)) CheckSignedInfoContext(signedInfo);
            return new Profile(
                signedInfo,
                SignedInfoExclusive: IsExclusive(c14nAlgorithm),
                SignedInfoWithComments: c14nAlgorithm is XmlDsigAlgorithms.C14NWithComments or XmlDsigAlgorithms.ExcC14NWithComments,
                signatureHash,
                uri,
                Enveloped: transformsElement is not null,
                ReferenceExclusive: transforms.Count == 2 && IsExclusive(transforms[1]),
                digestAlgorithm,
                Base64(children[^1]),
                Base64(signatureValue));
        }

        /// <summary>
        /// SignedXml canonicalises SignedInfo with the namespaces declared on the document element (its context), not with
        /// those of the elements between (ds:Signature, the signature block): a declaration there that SignedInfo does not
        /// use for itself is in scope for C14N 1.0 but not for SignedXml (found by the fuzz test: <c>xmlns:x</c> on
        /// ds:Signature). The fast path takes only the layout where both agree: those elements declare nothing but
        /// SignedInfo's own prefix, and nothing in SignedInfo uses another prefix.
        /// </summary>
        private static void CheckSignedInfoContext(XmlElement signedInfo)
        {
            var root = signedInfo.OwnerDocument.DocumentElement;
            for (var node = signedInfo.ParentNode as XmlElement; node is not null && !ReferenceEquals(node, root); node = node.ParentNode as XmlElement)
            {
                foreach (XmlAttribute a in node.Attributes)
                {
                    var declares = a.Prefix == "xmlns" ? a.LocalName : a.Prefix.Length == 0 && a.LocalName == "xmlns" ? "" : null;
                    if (declares is not null && (declares != signedInfo.Prefix || a.Value != signedInfo.NamespaceURI))
                        throw Outside($"a namespace declared on {node.Name} between the document element and SignedInfo");
                }
            }

            foreach (var element in DomWalk.Elements(signedInfo))
            {
                if (element.Prefix != signedInfo.Prefix) throw Outside("another prefix inside SignedInfo");
                foreach (XmlAttribute a in element.Attributes)
                {
                    if (a.Prefix.Length > 0 && a.Prefix != "xmlns") throw Outside("a prefixed attribute inside SignedInfo");
                }
            }
        }

        private static bool IsExclusive(string algorithm) => algorithm is XmlDsigAlgorithms.ExcC14N or XmlDsigAlgorithms.ExcC14NWithComments;

        /// <summary>KeyInfo as real files carry it: X509Data with certificates, and KeyValue with an RSA key.</summary>
        private static void CheckKeyInfo(XmlElement keyInfo)
        {
            Expect(keyInfo, "KeyInfo");
            foreach (var child in Elements(keyInfo))
            {
                switch (child.LocalName)
                {
                    case "X509Data":
                        Expect(child, "X509Data");
                        var items = Elements(child);
                        if (items.Count == 0) throw Outside("empty X509Data");
                        foreach (var item in items)
                        {
                            // What the eTax portal writes beside the certificate; SignedXml reads the name as text.
                            if (item.LocalName == "X509SubjectName") Text(item, "X509SubjectName");
                            else Text(item, "X509Certificate");
                        }

                        break;
                    case "KeyValue":
                        Expect(child, "KeyValue");
                        var rsa = Elements(child);
                        if (rsa.Count != 1) throw Outside("KeyValue");
                        Expect(rsa[0], "RSAKeyValue");
                        var parts = Elements(rsa[0]);
                        if (parts.Count != 2) throw Outside("RSAKeyValue");
                        Text(parts[0], "Modulus");
                        Text(parts[1], "Exponent");
                        break;
                    default:
                        throw Outside($"KeyInfo child {child.LocalName}");
                }
            }
        }

        /// <summary>A ds: element of this name with only these attributes (and namespace declarations).</summary>
        private static void Expect(XmlElement element, string localName, string? attribute = null)
        {
            if (element.LocalName != localName || element.NamespaceURI != XmlDsigAlgorithms.DsigNamespace) throw Outside($"element {element.Name}");
            foreach (XmlAttribute a in element.Attributes)
            {
                var isDeclaration = a.Prefix == "xmlns" || (a.Prefix.Length == 0 && a.LocalName == "xmlns");
                if (!isDeclaration && !(attribute is not null && a.Prefix.Length == 0 && a.LocalName == attribute)) throw Outside($"attribute {a.Name} on {element.Name}");
            }
        }

        /// <summary>The Algorithm of an element that holds nothing at all: SignedXml hands a transform's content to the
        /// transform, and the enveloped-signature transform refuses any, even whitespace (found by the fuzz test).</summary>
        private static string Algorithm(XmlElement element)
        {
            Expect(element, element.LocalName, "Algorithm");
            if (!element.HasAttribute("Algorithm") || element.HasChildNodes) throw Outside($"content of {element.Name}");
            return element.GetAttribute("Algorithm");
        }

        private static (XmlElement, XmlElement, XmlElement) Three(XmlElement parent, string first, string second, string third)
        {
            var children = Elements(parent);
            if (children.Count != 3 || children[0].LocalName != first || children[1].LocalName != second || children[2].LocalName != third)
                throw Outside($"children of {parent.Name}");
            // Their attributes are checked where each is read.
            return (children[0], children[1], children[2]);
        }

        private static void Text(XmlElement element, string localName)
        {
            Expect(element, localName);
            foreach (XmlNode child in element.ChildNodes)
            {
                if (child is not (XmlText or XmlWhitespace or XmlSignificantWhitespace)) throw Outside($"{element.Name} content");
            }
        }

        private static byte[] Base64(XmlElement element)
        {
            Text(element, element.LocalName);
            return Convert.FromBase64String(element.InnerText);
        }

        /// <summary>The element children, all in the XMLDSig namespace, with nothing but whitespace between them.</summary>
        private static List<XmlElement> Elements(XmlElement parent)
        {
            var elements = new List<XmlElement>(3);
            foreach (XmlNode child in parent.ChildNodes)
            {
                switch (child)
                {
                    case XmlElement e when e.NamespaceURI == XmlDsigAlgorithms.DsigNamespace:
                        elements.Add(e);
                        break;
                    case XmlWhitespace or XmlSignificantWhitespace:
                        break;
                    case XmlText t when string.IsNullOrWhiteSpace(t.Value):
                        break;
                    default:
                        throw Outside($"{child.NodeType} in {parent.Name}");
                }
            }

            return elements;
        }

        private static OutsideProfileException Outside(string what) => new($"outside the fast path's profile: {what}");
    }
}
