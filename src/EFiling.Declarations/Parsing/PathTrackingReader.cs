using System.Xml;

namespace EFiling.Declarations.Parsing;

/// <summary>
/// Passes an XmlReader through unchanged while remembering the element path to the current node, so that
/// a schema error raised by the validating reader on top can say *where* (/HSoThueDTu/HSoKhaiThue/…),
/// and refusing documents nested deeper than the limit.
/// </summary>
internal sealed class PathTrackingReader(XmlReader inner, int maxDepth) : XmlReader, IXmlLineInfo, IXmlNamespaceResolver
{
    private readonly List<(string Name, int Index)> _stack = [];
    private readonly List<Dictionary<string, int>> _childCounts = [new()];

    /// <summary>The path to the current element, with 1-based positions where a name repeats.</summary>
    public string CurrentPath
    {
        get
        {
            var depth = inner.NodeType == XmlNodeType.Element || inner.NodeType == XmlNodeType.EndElement ? inner.Depth + 1 : inner.Depth;
            depth = Math.Min(depth, _stack.Count);
            return depth == 0 ? "/" : string.Concat(_stack.Take(depth).Select(s => s.Index > 1 ? $"/{s.Name}[{s.Index}]" : $"/{s.Name}"));
        }
    }

    public override bool Read()
    {
        if (!inner.Read()) return false;
        if (inner.NodeType == XmlNodeType.Element)
        {
            var depth = inner.Depth;
            if (depth >= maxDepth) throw new DepthLimitException(depth + 1, LineNumber, LinePosition, CurrentPath + "/" + inner.LocalName);
            if (_stack.Count > depth) _stack.RemoveRange(depth, _stack.Count - depth);
            if (_childCounts.Count > depth + 1) _childCounts.RemoveRange(depth + 1, _childCounts.Count - depth - 1);
            var siblings = _childCounts[depth];
            var index = siblings.GetValueOrDefault(inner.LocalName) + 1;
            siblings[inner.LocalName] = index;
            _stack.Add((inner.LocalName, index));
            _childCounts.Add(new Dictionary<string, int>());
        }
        return true;
    }

    public int LineNumber => (inner as IXmlLineInfo)?.LineNumber ?? 0;
    public int LinePosition => (inner as IXmlLineInfo)?.LinePosition ?? 0;
    public bool HasLineInfo() => inner is IXmlLineInfo info && info.HasLineInfo();

    public IDictionary<string, string> GetNamespacesInScope(XmlNamespaceScope scope) =>
        ((IXmlNamespaceResolver)inner).GetNamespacesInScope(scope);

    string? IXmlNamespaceResolver.LookupNamespace(string prefix) => inner.LookupNamespace(prefix);
    public string? LookupPrefix(string namespaceName) => ((IXmlNamespaceResolver)inner).LookupPrefix(namespaceName);

    public override int AttributeCount => inner.AttributeCount;
    public override string BaseURI => inner.BaseURI;
    public override int Depth => inner.Depth;
    public override bool EOF => inner.EOF;
    public override bool IsEmptyElement => inner.IsEmptyElement;
    public override string LocalName => inner.LocalName;
    public override string NamespaceURI => inner.NamespaceURI;
    public override XmlNameTable NameTable => inner.NameTable;
    public override XmlNodeType NodeType => inner.NodeType;
    public override string Prefix => inner.Prefix;
    public override ReadState ReadState => inner.ReadState;
    public override string Value => inner.Value;
    public override bool HasValue => inner.HasValue;
    public override bool IsDefault => inner.IsDefault;
    public override XmlSpace XmlSpace => inner.XmlSpace;
    public override string XmlLang => inner.XmlLang;
    public override XmlReaderSettings? Settings => inner.Settings;
    public override string GetAttribute(int i) => inner.GetAttribute(i);
    public override string? GetAttribute(string name) => inner.GetAttribute(name);
    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);
    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);
    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);
    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);
    public override void MoveToAttribute(int i) => inner.MoveToAttribute(i);
    public override bool MoveToElement() => inner.MoveToElement();
    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();
    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();
    public override bool ReadAttributeValue() => inner.ReadAttributeValue();
    public override void ResolveEntity() => inner.ResolveEntity();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Thrown when a document nests deeper than <see cref="ParserLimits.MaxDepth"/>.</summary>
internal sealed class DepthLimitException(int depth, int line, int column, string path)
    : Exception($"Elements are nested {depth} deep, more than allowed.")
{
    public string Path { get; } = path;
    public int Line { get; } = line;
    public int Column { get; } = column;
}
