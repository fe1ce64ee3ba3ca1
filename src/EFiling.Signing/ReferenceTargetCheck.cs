using System.Xml;

namespace EFiling.Signing;

/// <summary>
/// Decides what the single Reference covers. We resolve <c>#id</c> ourselves and require the result to be
/// the very element object the caller is going to read: a signature over some other element (moved into a
/// wrapper, an ds:Object, …) proves nothing about what is processed, which is how signature wrapping works.
/// </summary>
internal static class ReferenceTargetCheck
{
    /// <summary>Returns false after adding a reject. On success <paramref name="targetId"/> is the id the
    /// Reference names, or null when the Reference is <c>""</c> (the whole document).</summary>
    public static bool Check(XmlDocument document, XmlElement signedPart, string? uri, FindingList findings, out string? targetId)
    {
        targetId = null;
        if (uri is null)
        {
            findings.Reject(SignatureCodes.ReferenceTarget, "The ds:Reference has no URI; it must be \"#<id of the signed part>\" or \"\".");
            return false;
        }

        if (uri.Length == 0)
        {
            // The whole document, made signable by the enveloped-signature transform: the signed part is in it.
            return true;
        }

        if (uri[0] != '#')
        {
            findings.Reject(
                SignatureCodes.ReferenceExternal,
                $"The ds:Reference URI \"{SignatureStructureInspector.Shorten(uri)}\" points outside the document; it was not fetched.");
            return false;
        }

        var fragment = uri[1..];
        if (fragment.StartsWith("xpointer(", StringComparison.Ordinal) || !IsNcName(fragment))
        {
            findings.Reject(
                SignatureCodes.ReferenceTarget,
                $"The ds:Reference URI \"{SignatureStructureInspector.Shorten(uri)}\" is not a plain \"#id\" (XPointer and other forms are not accepted).");
            return false;
        }

        // Rows inside the signed part may repeat the id (HTKK numbers annex rows ID_1, ID_2, … in their own id/ID
        // attribute, so a row can carry ID_1 like HSoKhaiThue itself). They are signed content: the digest covers them,
        // nobody can add one after signing, and being other elements they cannot stand in for the signed part. Any
        // other holder of the id is the wrapping shape and is refused: one outside the signed part (a sibling, a
        // wrapper, inside the signature) or a nested element named like the signed part (a copy of it).
        var holders = IdAttributes.ElementsWithId(document, fragment)
            .Where(e => !IsSignedRow(e, signedPart))
            .ToList();
        if (holders.Count > 1)
        {
            findings.Reject(
                SignatureCodes.DuplicateId,
                $"The id \"{fragment}\" appears on {holders.Count} elements (id/Id/ID attributes) outside the signed part's own rows; "
                + "the id the signature names must be unique.");
            return false;
        }

        var resolved = holders.Count == 1 ? holders[0] : null;
        // DTD-declared ID attributes are what SignedXml's default lookup would try first; they must agree as well.
        var resolvedByDtd = document.GetElementById(fragment);
        if (!ReferenceEquals(resolved, signedPart)
            || (resolvedByDtd is not null && !ReferenceEquals(resolvedByDtd, signedPart))
            || !IdAttributes.OwnIds(signedPart).Contains(fragment, StringComparer.Ordinal))
        {
            findings.Reject(
                SignatureCodes.ReferenceTarget,
                $"The ds:Reference URI \"#{fragment}\" does not resolve to the signed part <{signedPart.Name}> being processed.");
            return false;
        }

        targetId = fragment;
        return true;
    }

    /// <summary>An element inside the signed part that is not named like it (e.g. an annex row).</summary>
    private static bool IsSignedRow(XmlElement element, XmlElement signedPart)
    {
        if (ReferenceEquals(element, signedPart)
            || (element.LocalName == signedPart.LocalName && element.NamespaceURI == signedPart.NamespaceURI))
        {
            return false;
        }

        for (var node = element.ParentNode; node is not null; node = node.ParentNode)
        {
            if (ReferenceEquals(node, signedPart))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNcName(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

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
