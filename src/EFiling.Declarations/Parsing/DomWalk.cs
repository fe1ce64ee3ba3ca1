using System.Xml;

namespace EFiling.Declarations.Parsing;

/// <summary>
/// The elements below a node, in document order, as <c>GetElementsByTagName("*")</c> lists them — without its
/// XmlElementList, which has a finalizer and holds the document: every list made during a verdict kept that filing's
/// whole DOM alive through the next garbage collection, so each collection promoted every DOM made since the last one
/// (a quarter of a 7 KB verdict went to collecting them).
/// </summary>
public static class DomWalk
{
    /// <summary>Every element below <paramref name="root"/> (not the root itself), in document order.</summary>
    public static IEnumerable<XmlElement> Elements(XmlNode root)
    {
        var node = root.FirstChild;
        while (node is not null)
        {
            if (node is XmlElement element)
            {
                yield return element;
                if (element.FirstChild is { } child)
                {
                    node = child;
                    continue;
                }
            }

            while (node.NextSibling is null)
            {
                node = node.ParentNode;
                if (node is null || ReferenceEquals(node, root)) yield break;
            }

            node = node.NextSibling;
        }
    }

    /// <summary>The elements below <paramref name="root"/> with this local name and namespace, in document order.</summary>
    public static IEnumerable<XmlElement> Elements(XmlNode root, string localName, string namespaceUri) =>
        Elements(root).Where(e => e.LocalName == localName && e.NamespaceURI == namespaceUri);
}
