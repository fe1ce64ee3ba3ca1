using System.Xml;

namespace EFiling.Declarations.Parsing;

/// <summary>
/// Walks "a/b/c" paths of local names below an element, staying in that element's namespace. Used for the
/// catalogue's header fields and the rules' values: simpler and safer than evaluating XPath from data.
/// </summary>
public static class LocalPath
{
    public static IEnumerable<XmlElement> SelectAll(XmlElement from, string path)
    {
        IEnumerable<XmlElement> current = [from];
        foreach (var step in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = step;
            current = current.SelectMany(e => Children(e, name)).ToList();
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

    /// <summary>The absolute path of an element, with positions where a name repeats among siblings.</summary>
    public static string Describe(XmlElement element)
    {
        var parts = new Stack<string>();
        for (XmlNode? n = element; n is XmlElement e; n = n.ParentNode)
        {
            var index = 1;
            var count = 0;
            if (e.ParentNode is not null)
            {
                foreach (XmlNode sibling in e.ParentNode.ChildNodes)
                {
                    if (sibling is XmlElement s && s.LocalName == e.LocalName)
                    {
                        count++;
                        if (ReferenceEquals(s, e)) index = count;
                    }
                }
            }
            parts.Push(count > 1 ? $"{e.LocalName}[{index}]" : e.LocalName);
        }
        return "/" + string.Join('/', parts);
    }
}
