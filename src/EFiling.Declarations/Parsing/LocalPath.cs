using System.Xml;

namespace EFiling.Declarations.Parsing;

/// <summary>
/// Walks "a/b/c" paths of local names below an element, staying in that element's namespace. Used for the
/// catalogue's header fields and the rules' values: simpler and safer than evaluating XPath from data.
/// </summary>
public static class LocalPath
{
    public static IReadOnlyList<XmlElement> SelectAll(XmlElement from, string path) =>
        SelectAll(from, path.Split('/', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The same, for a path already split into steps (callers that walk the same path often keep it split).</summary>
    public static IReadOnlyList<XmlElement> SelectAll(XmlElement from, string[] steps)
    {
        List<XmlElement> current = [from];
        foreach (var step in steps)
        {
            var next = new List<XmlElement>();
            foreach (var e in current) next.AddRange(Children(e, step));
            current = next;
        }
        return current;
    }

    public static XmlElement? SelectFirst(XmlElement from, string path) => SelectAll(from, path).FirstOrDefault();

    /// <summary>The trimmed text of the first element at the path; null when absent or empty.</summary>
    public static string? Text(XmlElement from, string? path)
    {
        if (path is null) return null;
        var text = SelectFirst(from, path)?.InnerText.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    public static IEnumerable<XmlElement> Children(XmlElement parent, string localName)
    {
        for (var n = parent.FirstChild; n is not null; n = n.NextSibling)
        {
            if (n is XmlElement e && e.LocalName == localName && e.NamespaceURI == parent.NamespaceURI) yield return e;
        }
    }

    /// <summary>
    /// The absolute path of an element, with positions where a name repeats among siblings. Linear in the
    /// width of each level, so callers bound how many findings they describe.
    /// </summary>
    public static string Describe(XmlElement element)
    {
        var parts = new Stack<string>();
        for (XmlNode? n = element; n is XmlElement e; n = n.ParentNode)
        {
            var index = 0;
            var count = 0;
            // FirstChild/NextSibling are O(1) in XmlDocument; PreviousSibling and ChildNodes[i] are not.
            for (var s = e.ParentNode?.FirstChild; s is not null; s = s.NextSibling)
            {
                if (s is not XmlElement sibling || sibling.LocalName != e.LocalName) continue;
                count++;
                if (ReferenceEquals(sibling, e)) index = count;
            }
            parts.Push(count > 1 ? $"{e.LocalName}[{index}]" : e.LocalName);
        }
        return "/" + string.Join('/', parts);
    }
}
