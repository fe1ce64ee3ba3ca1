using System.Xml;
using EFiling.Declarations.Parsing;

namespace EFiling.Signing;

/// <summary>
/// Which attributes count as XML ids. SignedXml resolves <c>#x</c> through <c>Id</c>, <c>id</c> and <c>ID</c>;
/// we look at the same three names in any namespace, so anything SignedXml (or another verifier) could
/// take for the target is seen by the uniqueness check too.
/// </summary>
internal static class IdAttributes
{
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";
    private static readonly string[] Names = ["Id", "id", "ID"];

    /// <summary>The id values an element carries under its unqualified id attributes.</summary>
    public static IEnumerable<string> OwnIds(XmlElement element)
    {
        foreach (var name in Names)
        {
            var value = element.GetAttributeNode(name)?.Value;
            if (value is not null)
            {
                yield return value;
            }
        }
    }

    /// <summary>Every element of the document that carries <paramref name="id"/> in an id-like attribute.</summary>
    public static List<XmlElement> ElementsWithId(XmlDocument document, string id)
    {
        var found = new List<XmlElement>();
        foreach (var element in DomWalk.Elements(document))
        {
            foreach (XmlAttribute attribute in element.Attributes)
            {
                if (Array.IndexOf(Names, attribute.LocalName) >= 0 && attribute.NamespaceURI != XmlnsNamespace && attribute.Value == id)
                {
                    found.Add(element);
                    break;
                }
            }
        }

        return found;
    }
}
