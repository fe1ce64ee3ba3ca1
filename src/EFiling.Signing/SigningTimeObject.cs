using System.Xml;

namespace EFiling.Signing;

/// <summary>
/// The one ds:Object a signature may carry when <see cref="SignatureVerifierOptions.AcceptSignedSigningTime"/> is on:
/// the tax authority's reply profile (TBaoThue), whose signature states its signing time in
/// <c>Object/SignatureProperties/SignatureProperty/SigningTime</c> and signs it with a second Reference. Pinned to
/// exactly that shape: an Id, one SignatureProperties holding one SignatureProperty (a Target) holding one SigningTime
/// whose text is an xs:dateTime, nothing else (no text, no other element, no MimeType or Encoding). A wrapped copy of
/// the signed part, or anything else a wrapping attack would hide in an Object, does not fit it.
/// </summary>
internal static class SigningTimeObject
{
    /// <summary>The Object's Id when it has exactly the pinned shape; otherwise null after a reject.</summary>
    public static string? Check(XmlElement dsObject, FindingList findings)
    {
        if (!OnlyAttributes(dsObject, "Id") || dsObject.GetAttributeNode("Id")?.Value is not { Length: > 0 } id)
        {
            return Refuse(findings, "ds:Object must carry only an Id attribute");
        }

        if (Only(dsObject, "SignatureProperties") is not { } properties || !OnlyAttributes(properties, "Id"))
        {
            return Refuse(findings, "ds:Object must hold exactly one ds:SignatureProperties");
        }

        if (Only(properties, "SignatureProperty") is not { } property || !OnlyAttributes(property, "Target", "Id")
            || property.GetAttributeNode("Target") is null)
        {
            return Refuse(findings, "ds:SignatureProperties must hold exactly one ds:SignatureProperty with a Target");
        }

        if (Only(property, "SigningTime") is not { } time || time.Attributes.Count != 0
            || time.ChildNodes.OfType<XmlNode>().Any(n => n is not XmlText))
        {
            return Refuse(findings, "ds:SignatureProperty must hold exactly one SigningTime with text only");
        }

        try
        {
            _ = XmlConvert.ToDateTimeOffset(time.InnerText.Trim());
        }
        catch (FormatException)
        {
            return Refuse(findings, "SigningTime is not an xs:dateTime");
        }

        return IsNcName(id) ? id : Refuse(findings, "ds:Object's Id is not an XML name");
    }

    private static string? Refuse(FindingList findings, string why)
    {
        findings.Reject(SignatureCodes.ObjectNotAllowed,
            $"{why}; the only ds:Object accepted holds a signed SigningTime (Object/SignatureProperties/SignatureProperty/SigningTime).");
        return null;
    }

    /// <summary>The single child element, when it is the named XMLDSig element and nothing but whitespace or comments surround it.</summary>
    private static XmlElement? Only(XmlElement parent, string localName)
    {
        XmlElement? found = null;
        foreach (XmlNode child in parent.ChildNodes)
        {
            switch (child)
            {
                case XmlElement e when found is null && e.LocalName == localName && e.NamespaceURI == XmlDsigAlgorithms.DsigNamespace:
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
