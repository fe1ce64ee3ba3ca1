using System.Xml;

namespace EFiling.Signing;

/// <summary>How a signing time stated in a ds:Object relates to the signature (see <see cref="SigningTimeObject"/>).</summary>
internal enum SigningTimeKind
{
    /// <summary>Covered by a second Reference "#Id": the tax authority's replies (TBaoThue).</summary>
    Signed,

    /// <summary>Covered by nothing and read by nothing: the signing tool of public I-VAN client code (social-insurance dossiers).</summary>
    Unsigned,
}

/// <summary>The signing-time ds:Object a signature was found to carry.</summary>
internal sealed record SigningTime(XmlElement Object, SigningTimeKind Kind, string? Id);

/// <summary>
/// The only ds:Object a signature may carry: a signing time after ds:KeyInfo, as two real signing tools write it, each
/// accepted in its own pinned shape only (an Object is where wrapping attacks hide the original, so anything else in
/// one is refused):
/// <list type="bullet">
/// <item><b>Signed</b> — the tax authority's replies: <c>Object Id/SignatureProperties/SignatureProperty Target/SigningTime</c>,
/// every element in the XMLDSig namespace, the time an xs:dateTime, the Object covered by a second Reference. Accepted
/// only with <see cref="SignatureVerifierOptions.AcceptSignedSigningTime"/>: declarations are never signed so.</item>
/// <item><b>Unsigned</b> — public I-VAN client code: the same nesting (SignatureProperties may be left out), in the
/// XMLDSig namespace or in none, the time at most 64 characters of text, and the signature's one Reference on the whole
/// document (URI=""), so that no id can resolve into the Object. Nothing reads it; the verifier takes it out while
/// SignedXml checks.</item>
/// </list>
/// A copy of the signed part, a second property, another element, text or a MimeType fits neither.
/// </summary>
internal static class SigningTimeObject
{
    /// <summary>Whether an Object in no namespace is the unsigned signing time (else it is just an unexpected element).</summary>
    public static bool IsUnsignedShape(XmlElement dsObject) => Shape(dsObject, xmldsigOnly: false, out _, out _) is null;

    /// <summary>
    /// The signing time <paramref name="dsObject"/> states, of a kind the caller allows: signed when
    /// <paramref name="acceptSigned"/>, unsigned when the signature's one Reference is <paramref name="wholeDocument"/>.
    /// Null after a reject otherwise.
    /// </summary>
    public static SigningTime? Check(XmlElement dsObject, bool acceptSigned, bool wholeDocument, FindingList findings)
    {
        if (wholeDocument && Shape(dsObject, xmldsigOnly: false, out var time, out _) is null && time!.InnerText.Length <= 64)
        {
            return new SigningTime(dsObject, SigningTimeKind.Unsigned, null);
        }

        if (!acceptSigned)
        {
            findings.Reject(
                SignatureCodes.ObjectNotAllowed,
                wholeDocument
                    ? "ds:Signature holds a ds:Object that is not the unsigned signing time (Object/SignatureProperties/SignatureProperty/SigningTime, nothing else); its content would not be signed."
                    : "ds:Signature holds a ds:Object; only ds:SignedInfo, ds:SignatureValue and ds:KeyInfo are accepted (its content would not be signed).");
            return null;
        }

        if (Shape(dsObject, xmldsigOnly: true, out time, out var properties) is { } why)
        {
            return Refuse(findings, why);
        }

        if (dsObject.GetAttributeNode("Id")?.Value is not { Length: > 0 } id || !IsNcName(id))
        {
            return Refuse(findings, "ds:Object must carry an Id that is an XML name");
        }

        if (properties is null)
        {
            return Refuse(findings, "ds:Object must hold exactly one ds:SignatureProperties");
        }

        if (((XmlElement)time!.ParentNode!).GetAttributeNode("Target") is null)
        {
            return Refuse(findings, "ds:SignatureProperty must carry a Target");
        }

        try
        {
            _ = XmlConvert.ToDateTimeOffset(time.InnerText.Trim());
        }
        catch (FormatException)
        {
            return Refuse(findings, "SigningTime is not an xs:dateTime");
        }

        return new SigningTime(dsObject, SigningTimeKind.Signed, id);
    }

    /// <summary>
    /// Object[Id]/(SignatureProperties[Id]/)?SignatureProperty[Target,Id]/SigningTime(text only), and nothing else:
    /// null when <paramref name="dsObject"/> has that shape, else why not.
    /// </summary>
    private static string? Shape(XmlElement dsObject, bool xmldsigOnly, out XmlElement? time, out XmlElement? properties)
    {
        time = properties = null;
        if (!OnlyAttributes(dsObject, "Id"))
        {
            return "ds:Object must carry only an Id attribute";
        }

        if (OnlyChild(dsObject, xmldsigOnly) is not { } child)
        {
            return "ds:Object must hold exactly one element";
        }

        if (child.LocalName == "SignatureProperties")
        {
            if (!OnlyAttributes(child, "Id") || OnlyChild(child, xmldsigOnly) is not { } inner)
            {
                return "ds:SignatureProperties must hold exactly one ds:SignatureProperty";
            }

            properties = child;
            child = inner;
        }

        if (child.LocalName != "SignatureProperty" || !OnlyAttributes(child, "Target", "Id"))
        {
            return "ds:Object must hold exactly one ds:SignatureProperty (in one ds:SignatureProperties)";
        }

        if (OnlyChild(child, xmldsigOnly) is not { LocalName: "SigningTime" } signingTime
            || signingTime.Attributes.OfType<XmlAttribute>().Any(a => a.Prefix != "xmlns" && a.LocalName != "xmlns")
            || signingTime.ChildNodes.OfType<XmlNode>().Any(n => n is not (XmlText or XmlWhitespace or XmlSignificantWhitespace)))
        {
            return "ds:SignatureProperty must hold exactly one SigningTime with text only";
        }

        time = signingTime;
        return null;
    }

    private static SigningTime? Refuse(FindingList findings, string why)
    {
        findings.Reject(SignatureCodes.ObjectNotAllowed,
            $"{why}; the only ds:Object accepted holds a signing time (Object/SignatureProperties/SignatureProperty/SigningTime).");
        return null;
    }

    /// <summary>The single child element, in the XMLDSig namespace (or none, unless <paramref name="xmldsigOnly"/>), when
    /// nothing but whitespace or comments surround it.</summary>
    private static XmlElement? OnlyChild(XmlElement parent, bool xmldsigOnly)
    {
        XmlElement? found = null;
        foreach (XmlNode child in parent.ChildNodes)
        {
            switch (child)
            {
                case XmlElement e when found is null
                                       && (e.NamespaceURI == XmlDsigAlgorithms.DsigNamespace || (!xmldsigOnly && e.NamespaceURI.Length == 0)):
                    found = e;
                    break;
                case XmlElement:
                case XmlText or XmlCDataSection when !string.IsNullOrWhiteSpace(child.Value):
                case XmlProcessingInstruction:
                    return null;
            }
        }

        return found;
    }

    private static bool OnlyAttributes(XmlElement element, params string[] allowed) =>
        element.Attributes.OfType<XmlAttribute>().All(a => a.Prefix == "xmlns" || a.LocalName == "xmlns" || (a.NamespaceURI.Length == 0 && allowed.Contains(a.LocalName)));

    private static bool IsNcName(string value)
    {
        try
        {
            XmlConvert.VerifyNCName(value);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }
}
