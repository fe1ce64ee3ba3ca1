using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using EFiling.Declarations.Parsing;

namespace EFiling.Signing;

/// <summary>
/// Reads the ds:Signature element with plain DOM calls and refuses anything we do not accept, before
/// SignedXml ever sees it: SignedXml instantiates transforms (XSLT, XPath…) while loading and may resolve
/// URIs while checking, so the allow-lists must be enforced first.
/// </summary>
internal static class SignatureStructureInspector
{
    /// <param name="atTime">The check time; SHA-1 is accepted only before <see cref="SignatureVerifierOptions.Sha1AcceptedUntil"/>.</param>
    /// <param name="certificates">Where KeyInfo's certificates are decoded (once per distinct certificate).</param>
    public static SignatureStructure Inspect(
        XmlElement signature, SignatureVerifierOptions options, DateTimeOffset atTime, FindingList findings, DecodedCertificates certificates)
    {
        var sha1 = new Sha1Policy(options.Sha1AcceptedUntil, atTime);
        string? signatureMethod = null;
        string? digestMethod = null;
        string? referenceUri = null;
        var partReference = false;

        var signingTime = CheckChildren(signature, options, findings);
        CheckEncodedValues(signature, findings);
        var signedInfo = Single(signature, "SignedInfo");
        if (signedInfo is null)
        {
            findings.Reject(SignatureCodes.Malformed, "The signature has no single ds:SignedInfo element.");
        }
        else
        {
            CheckCanonicalization(signedInfo, findings);
            signatureMethod = CheckSignatureMethod(signedInfo, sha1, findings);

            var references = Children(signedInfo, "Reference");
            var signed = signingTime is { Kind: SigningTimeKind.Signed };
            var expected = signed ? 2 : 1;
            if (references.Count != expected)
            {
                findings.Reject(
                    SignatureCodes.ReferenceCount,
                    !signed
                        ? $"The signature has {references.Count} ds:Reference elements; exactly one (to the signed part) is accepted."
                        : $"The signature has {references.Count} ds:Reference elements; exactly two are accepted: the signed part, then its signing time's ds:Object.");
            }
            else
            {
                partReference = true;
                var reference = references[0];
                referenceUri = reference.GetAttributeNode("URI")?.Value;
                CheckTransforms(reference, findings);
                digestMethod = CheckDigestMethod(reference, sha1, findings);
                if (signed)
                {
                    // The second covers the signing time: exactly "#<the Object's Id>", the same digest rules.
                    var timeReference = references[1];
                    if (timeReference.GetAttributeNode("URI")?.Value != "#" + signingTime!.Id)
                    {
                        findings.Reject(SignatureCodes.ReferenceTarget,
                            $"The second ds:Reference must be \"#{signingTime.Id}\", the signing time's ds:Object.");
                    }

                    CheckTransforms(timeReference, findings);
                    var timeDigest = CheckDigestMethod(timeReference, sha1, findings);
                    if (timeDigest == XmlDsigAlgorithms.Sha1)
                    {
                        digestMethod = timeDigest;
                    }
                }
            }
        }

        if (sha1.Accepted && (signatureMethod == XmlDsigAlgorithms.RsaSha1 || digestMethod == XmlDsigAlgorithms.Sha1))
        {
            findings.Warn(
                SignatureCodes.Sha1Used,
                $"The signature uses SHA-1, which is accepted only for filings checked before {sha1.CutOffText} (older signing tools).");
        }

        var (signer, others) = ReadCertificates(signature, findings, certificates);
        return new SignatureStructure(signatureMethod, digestMethod, partReference, referenceUri, signer, others, signingTime);
    }

    /// <summary>
    /// ds:Signature holds exactly SignedInfo, SignatureValue and KeyInfo, in that order, and nothing else. With one
    /// Reference to the declaration, anything more is unsigned: a ds:Object is where wrapping attacks hide the
    /// original. HTKK-style and xmlsec1 signatures carry just these three. Whitespace and comments between them are
    /// only layout. The one exception is a signing time after KeyInfo in one of the two shapes real tools write
    /// (<see cref="SigningTimeObject"/>); it is returned, and a signed one must then be covered by a second Reference.
    /// </summary>
    private static SigningTime? CheckChildren(XmlElement signature, SignatureVerifierOptions options, FindingList findings)
    {
        string[] expected = ["SignedInfo", "SignatureValue", "KeyInfo"];
        var seen = new List<string>();
        SigningTime? signingTime = null;
        var objects = 0;
        var wholeDocument = Children(signature, "SignedInfo") is [var signedInfo]
                            && Children(signedInfo, "Reference") is [var reference]
                            && reference.GetAttributeNode("URI")?.Value == "";
        foreach (XmlNode child in signature.ChildNodes)
        {
            switch (child)
            {
                // The I-VAN tool's envelope writes its Object in no namespace: only that exact shape is taken for one.
                case XmlElement e when e.LocalName == "Object"
                                       && (e.NamespaceURI == XmlDsigAlgorithms.DsigNamespace
                                           || (e.NamespaceURI.Length == 0 && wholeDocument && SigningTimeObject.IsUnsignedShape(e))):
                    objects++;
                    if (objects > 1 || seen.LastOrDefault() != "KeyInfo")
                    {
                        findings.Reject(SignatureCodes.ObjectNotAllowed, "ds:Signature may hold one ds:Object (a signing time), after ds:KeyInfo.");
                        signingTime = null;
                    }
                    else
                    {
                        signingTime = SigningTimeObject.Check(e, options.AcceptSignedSigningTime, wholeDocument, findings);
                    }

                    break;
                case XmlElement e when e.NamespaceURI == XmlDsigAlgorithms.DsigNamespace && e.LocalName == "Manifest":
                    findings.Reject(
                        SignatureCodes.ObjectNotAllowed,
                        "ds:Signature holds a ds:Manifest; only ds:SignedInfo, ds:SignatureValue and ds:KeyInfo are accepted (its content would not be signed).");
                    break;
                case XmlElement e when e.NamespaceURI == XmlDsigAlgorithms.DsigNamespace && expected.Contains(e.LocalName):
                    if (signingTime is not null)
                    {
                        findings.Reject(SignatureCodes.Malformed, $"ds:{e.LocalName} follows the signing-time ds:Object; it must come last.");
                    }

                    seen.Add(e.LocalName);
                    break;
                case XmlElement e:
                    findings.Reject(SignatureCodes.Malformed, $"Unexpected element <{e.Name}> inside ds:Signature.");
                    break;
                case XmlText or XmlCDataSection when !string.IsNullOrWhiteSpace(child.Value):
                    findings.Reject(SignatureCodes.Malformed, "ds:Signature holds text outside its elements.");
                    break;
                case XmlProcessingInstruction:
                    findings.Reject(SignatureCodes.Malformed, $"ds:Signature holds a processing instruction <?{child.Name}?>.");
                    break;
            }
        }

        // A missing SignedInfo or KeyInfo is reported where it is read; here: SignatureValue, repeats and order.
        if (seen.Count(n => n == "SignatureValue") != 1)
        {
            findings.Reject(SignatureCodes.Malformed, "The signature has no single ds:SignatureValue element.");
        }
        else if (expected.All(n => seen.Count(s => s == n) == 1) && !seen.SequenceEqual(expected))
        {
            findings.Reject(
                SignatureCodes.Malformed,
                $"ds:Signature's children are in the order {string.Join(", ", seen)}; XMLDSig requires SignedInfo, SignatureValue, KeyInfo.");
        }

        return signingTime;
    }

    /// <summary>
    /// Values SignedXml and the X509 classes decode while loading, which throw FormatException when they are not
    /// base64 or an integer. ds:X509Certificate and ds:RSAKeyValue are decoded where they are read, with their own
    /// codes; HMACOutputLength belongs to HMAC signature methods, none of which is accepted.
    /// </summary>
    private static void CheckEncodedValues(XmlElement signature, FindingList findings)
    {
        foreach (var element in DomWalk.Elements(signature).Where(e => e.NamespaceURI == XmlDsigAlgorithms.DsigNamespace))
        {
            switch (element.LocalName)
            {
                case "SignatureValue" or "DigestValue" or "X509SKI" or "X509CRL" when !IsBase64(element.InnerText):
                    findings.Reject(SignatureCodes.Malformed, $"ds:{element.LocalName} is not base64.");
                    break;
                case "X509SerialNumber" when !BigInteger.TryParse(element.InnerText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                    findings.Reject(SignatureCodes.Malformed, "ds:X509SerialNumber is not an integer.");
                    break;
                case "HMACOutputLength":
                    findings.Reject(SignatureCodes.Malformed, "ds:HMACOutputLength applies to HMAC signature methods only, which are not accepted.");
                    break;
            }
        }
    }

    private static bool IsBase64(string text)
    {
        try
        {
            // The decoder SignedXml uses: whitespace (wrapped lines, &#13;) is skipped.
            _ = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void CheckCanonicalization(XmlElement signedInfo, FindingList findings)
    {
        var algorithm = Single(signedInfo, "CanonicalizationMethod")?.GetAttribute("Algorithm");
        if (algorithm is null)
        {
            findings.Reject(SignatureCodes.Malformed, "ds:SignedInfo has no single ds:CanonicalizationMethod.");
        }
        else if (!XmlDsigAlgorithms.Canonicalizations.Contains(algorithm))
        {
            findings.Reject(
                SignatureCodes.TransformNotAllowed,
                $"Canonicalization method \"{Shorten(algorithm)}\" is not allowed; only C14N 1.0 and exclusive C14N are.");
        }
    }

    /// <summary>Whether SHA-1 is still accepted at the check time, and how to name the cut-off in messages.</summary>
    private readonly record struct Sha1Policy(DateTimeOffset? AcceptedUntil, DateTimeOffset AtTime)
    {
        public bool Accepted => AcceptedUntil is { } until && AtTime < until;

        public string CutOffText => AcceptedUntil is { } until ? until.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture) : "";

        /// <summary>Why SHA-1 is refused: never accepted here, or the check time is past the cut-off.</summary>
        public string Refusal(string what, string only) =>
            AcceptedUntil is null
                ? $"{what} is SHA-1 based, which is not accepted (only {only})."
                : $"{what} is SHA-1 based, which is accepted only for filings checked before {CutOffText}; this one is checked at "
                  + $"{AtTime.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture)} (use {only}).";
    }

    private static string? CheckSignatureMethod(XmlElement signedInfo, Sha1Policy sha1, FindingList findings)
    {
        var method = Single(signedInfo, "SignatureMethod");
        var algorithm = method?.GetAttribute("Algorithm");
        if (method is null || algorithm is null)
        {
            findings.Reject(SignatureCodes.Malformed, "ds:SignedInfo has no single ds:SignatureMethod.");
            return null;
        }

        if (algorithm == XmlDsigAlgorithms.RsaSha256 || (algorithm == XmlDsigAlgorithms.RsaSha1 && sha1.Accepted))
        {
            return algorithm;
        }

        findings.Reject(
            SignatureCodes.AlgorithmNotAllowed,
            algorithm == XmlDsigAlgorithms.RsaSha1
                ? sha1.Refusal("The signature method RSA-SHA1", "RSA-SHA256")
                : $"Signature method \"{Shorten(algorithm)}\" is not allowed; only RSA-SHA256 is.");
        return algorithm;
    }

    private static string? CheckDigestMethod(XmlElement reference, Sha1Policy sha1, FindingList findings)
    {
        var algorithm = Single(reference, "DigestMethod")?.GetAttribute("Algorithm");
        if (algorithm is null)
        {
            findings.Reject(SignatureCodes.Malformed, "ds:Reference has no single ds:DigestMethod.");
            return null;
        }

        if (algorithm == XmlDsigAlgorithms.Sha256 || (algorithm == XmlDsigAlgorithms.Sha1 && sha1.Accepted))
        {
            return algorithm;
        }

        findings.Reject(
            SignatureCodes.AlgorithmNotAllowed,
            algorithm == XmlDsigAlgorithms.Sha1
                ? sha1.Refusal("The digest method", "SHA-256")
                : $"Digest method \"{Shorten(algorithm)}\" is not allowed; only SHA-256 is.");
        return algorithm;
    }

    private static void CheckTransforms(XmlElement reference, FindingList findings)
    {
        var transformsElements = Children(reference, "Transforms");
        if (transformsElements.Count > 1)
        {
            findings.Reject(SignatureCodes.Malformed, "ds:Reference has more than one ds:Transforms element.");
            return;
        }

        if (transformsElements.Count == 0)
        {
            return;
        }

        foreach (var child in transformsElements[0].ChildNodes.OfType<XmlElement>())
        {
            var algorithm = child.GetAttribute("Algorithm");
            if (child.LocalName != "Transform" || child.NamespaceURI != XmlDsigAlgorithms.DsigNamespace)
            {
                findings.Reject(SignatureCodes.Malformed, $"Unexpected element <{child.Name}> inside ds:Transforms.");
            }
            else if (!XmlDsigAlgorithms.Transforms.Contains(algorithm))
            {
                findings.Reject(
                    SignatureCodes.TransformNotAllowed,
                    $"Transform \"{Shorten(algorithm)}\" is not allowed; only enveloped-signature, C14N 1.0 and exclusive C14N are.");
            }
        }
    }

    /// <summary>Certificates from KeyInfo/X509Data. Exactly one must be an end-entity certificate (the signer);
    /// CA certificates sent alongside are only untrusted helpers for chain building.</summary>
    private static (DecodedCertificate? Signer, X509Certificate2Collection Others) ReadCertificates(
        XmlElement signature, FindingList findings, DecodedCertificates certificates)
    {
        var others = new X509Certificate2Collection();
        var keyInfo = Single(signature, "KeyInfo");
        if (keyInfo is null)
        {
            findings.Reject(SignatureCodes.NoCertificate, "The signature has no single ds:KeyInfo carrying the signer's certificate.");
            return (null, others);
        }

        var endEntities = new List<DecodedCertificate>();
        foreach (var x509Data in Children(keyInfo, "X509Data"))
        {
            foreach (var element in Children(x509Data, "X509Certificate"))
            {
                DecodedCertificate certificate;
                try
                {
                    certificate = certificates.Get(Convert.FromBase64String(element.InnerText));
                }
                catch (Exception e) when (e is FormatException or CryptographicException)
                {
                    findings.Reject(SignatureCodes.NoCertificate, "A ds:X509Certificate in KeyInfo cannot be decoded.");
                    return (null, others);
                }

                if (certificate.IsCertificateAuthority)
                {
                    others.Add(certificate.Certificate);
                }
                else
                {
                    endEntities.Add(certificate);
                }
            }
        }

        if (endEntities.Count != 1)
        {
            findings.Reject(
                SignatureCodes.NoCertificate,
                endEntities.Count == 0
                    ? "KeyInfo carries no signer certificate (ds:X509Data/ds:X509Certificate)."
                    : $"KeyInfo carries {endEntities.Count} end-entity certificates; exactly one signer certificate is accepted.");
            return (null, others);
        }

        var signer = endEntities[0];
        if (signer.KeyParameters is not { } key)
        {
            findings.Reject(SignatureCodes.AlgorithmNotAllowed, "The signer certificate does not hold an RSA key.");
        }
        else
        {
            CheckKeyValues(keyInfo, key, findings);
        }

        return (signer, others);
    }

    /// <summary>
    /// HTKK puts the key twice in KeyInfo: ds:KeyValue/ds:RSAKeyValue and the certificate. We verify with the
    /// certificate's key, so a KeyValue naming another key would mean the document says two different things about
    /// who signed; any verifier that trusts KeyValue would be checking against a key nobody certified. Every
    /// KeyValue present must therefore be exactly the certificate's RSA key. Base64 may be wrapped (CR LF, &amp;#13;).
    /// </summary>
    private static void CheckKeyValues(XmlElement keyInfo, RSAParameters certificateKey, FindingList findings)
    {
        foreach (var keyValue in Children(keyInfo, "KeyValue"))
        {
            var rsaKeyValues = Children(keyValue, "RSAKeyValue");
            var others = keyValue.ChildNodes.OfType<XmlElement>().Count() - rsaKeyValues.Count;
            if (rsaKeyValues.Count != 1 || others != 0)
            {
                findings.Reject(
                    SignatureCodes.KeyValueMismatch,
                    "ds:KeyValue must hold exactly one ds:RSAKeyValue, the signer certificate's key.");
                continue;
            }

            var modulus = Single(rsaKeyValues[0], "Modulus");
            var exponent = Single(rsaKeyValues[0], "Exponent");
            if (modulus is null || exponent is null
                || !SameInteger(modulus.InnerText, certificateKey.Modulus) || !SameInteger(exponent.InnerText, certificateKey.Exponent))
            {
                findings.Reject(
                    SignatureCodes.KeyValueMismatch,
                    "ds:KeyValue/ds:RSAKeyValue is not the public key of the signer certificate in ds:X509Data.");
            }
        }
    }

    /// <summary>Compares a base64 CryptoBinary (big-endian, leading zero octets allowed) with a key component.</summary>
    private static bool SameInteger(string base64, byte[]? expected)
    {
        if (expected is null)
        {
            return false;
        }

        byte[] actual;
        try
        {
            // Convert.FromBase64String skips the whitespace (spaces, tabs, CR, LF) that wrapped values carry.
            actual = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return false;
        }

        return actual.AsSpan().TrimStart((byte)0).SequenceEqual(expected.AsSpan().TrimStart((byte)0));
    }

    private static XmlElement? Single(XmlElement parent, string localName)
    {
        var children = Children(parent, localName);
        return children.Count == 1 ? children[0] : null;
    }

    private static List<XmlElement> Children(XmlElement parent, string localName) =>
        parent.ChildNodes.OfType<XmlElement>()
            .Where(e => e.LocalName == localName && e.NamespaceURI == XmlDsigAlgorithms.DsigNamespace)
            .ToList();

    internal static string Shorten(string value) => value.Length <= 120 ? value : value[..120] + "…";
}
