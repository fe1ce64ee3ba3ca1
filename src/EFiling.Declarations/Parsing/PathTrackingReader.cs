using System.Xml;
using EFiling.Declarations.Findings;

namespace EFiling.Declarations.Parsing;

/// <summary>
/// Passes an XmlReader through unchanged while remembering the element path to the current node, so that
/// a schema error raised by the validating reader on top can say *where* (/HSoThueDTu/HSoKhaiThue/…),
/// and refusing, with a <see cref="LimitExceededException"/>, documents beyond the <see cref="ParserLimits"/>
/// (depth, elements, attributes per element, name and text lengths) at the first node that crosses one.
/// </summary>
internal sealed class PathTrackingReader(XmlReader inner, ParserLimits limits) : XmlReader, IXmlLineInfo, IXmlNamespaceResolver
{
    private readonly List<(string Name, int Index)> _stack = [];
    // Per depth, how often each child name occurred under the element open at that depth: one dictionary per depth,
    // emptied when another element opens there, so a document costs as many dictionaries as it is deep.
    private readonly List<Dictionary<string, int>> _childCounts = [new(StringComparer.Ordinal)];
    private int _elements;
    private long _textSinceTag;

    /// <summary>The path to the current element, with 1-based positions where a name repeats.</summary>
    public string CurrentPath
    {
        get
        {
            var depth = inner.NodeType == XmlNodeType.Element || inner.NodeType == XmlNodeType.EndElement ? inner.Depth + 1 : inner.Depth;
            return PathOf(depth);
        }
    }

    private string PathOf(int depth)
    {
        depth = Math.Min(depth, _stack.Count);
        return depth == 0 ? "/" : string.Concat(_stack.Take(depth).Select(s => s.Index > 1 ? $"/{s.Name}[{s.Index}]" : $"/{s.Name}"));
    }

    public override bool Read()
    {
        if (!inner.Read()) return false;
        switch (inner.NodeType)
        {
            case XmlNodeType.Element:
                _textSinceTag = 0;
                Push();
                CheckElement();
                break;
            case XmlNodeType.EndElement:
                _textSinceTag = 0;
                break;
            case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace or XmlNodeType.Comment:
                // Counted per run between tags: the schema validator joins adjacent text and CDATA into one value.
                _textSinceTag += inner.Value.Length;
                if (_textSinceTag > limits.MaxTextLength && !(_textSinceTag <= limits.MaxDocumentBytes && InEmbeddedFile()))
                    throw Crossed(Codes.DocumentTextTooLong, $"More than {limits.MaxTextLength} characters of text between two tags.", "Nội dung văn bản quá dài.");
                break;
            case XmlNodeType.ProcessingInstruction:
                if (inner.Value.Length > limits.MaxTextLength)
                    throw Crossed(Codes.DocumentTextTooLong, $"A processing instruction of more than {limits.MaxTextLength} characters.", "Nội dung văn bản quá dài.");
                break;
        }
        return true;
    }

    /// <summary>The current text node's element is one of <see cref="ParserLimits.EmbeddedFilePaths"/> (names compared, positions
    /// ignored). A text node at depth d sits in the element at d - 1: the stack's first d entries (deeper ones may be left
    /// from a closed sibling).</summary>
    private bool InEmbeddedFile()
    {
        var depth = inner.Depth;
        foreach (var path in limits.EmbeddedFilePaths)
        {
            var steps = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (steps.Length != depth || _stack.Count < depth) continue;
            var same = true;
            for (var i = 0; i < steps.Length && same; i++) same = steps[i] == _stack[i].Name;
            if (same) return true;
        }
        return false;
    }

    private void Push()
    {
        var depth = inner.Depth;
        if (_stack.Count > depth) _stack.RemoveRange(depth, _stack.Count - depth);
        var name = inner.LocalName;
        var siblings = _childCounts[depth];
        var index = siblings.GetValueOrDefault(name) + 1;
        siblings[name] = index;
        _stack.Add((name, index));
        // The new element's children are counted afresh.
        // A dictionary grown wide by an earlier parent is replaced, not cleared (clearing costs its whole capacity).
        if (_childCounts.Count == depth + 1) _childCounts.Add(new Dictionary<string, int>(StringComparer.Ordinal));
        else if (_childCounts[depth + 1].EnsureCapacity(0) > 64) _childCounts[depth + 1] = new Dictionary<string, int>(StringComparer.Ordinal);
        else _childCounts[depth + 1].Clear();
    }

    /// <summary>The element limits, checked on its start tag before anyone reads its attributes into a DOM.</summary>
    private void CheckElement()
    {
        if (inner.Depth >= limits.MaxDepth)
            throw Crossed(Codes.DocumentTooDeep, $"Elements are nested {inner.Depth + 1} deep, more than allowed ({limits.MaxDepth}).", "Cấu trúc lồng nhau quá sâu.");
        if (++_elements > limits.MaxElements)
            throw Crossed(Codes.DocumentTooManyElements, $"The document has more than {limits.MaxElements} elements.", $"Tệp có hơn {limits.MaxElements} phần tử.");
        if (inner.Name.Length > limits.MaxNameLength)
            throw Crossed(Codes.DocumentNameTooLong, $"An element name is {inner.Name.Length} characters long; at most {limits.MaxNameLength} are allowed.",
                "Tên phần tử quá dài.", pathOfParent: true);
        // The parser refuses crowded start tags before any reader (StartTagScan); this covers readers made without that scan.
        if (inner.AttributeCount > limits.MaxAttributesPerElement)
            throw Crossed(Codes.DocumentTooManyAttributes, $"<{inner.Name}> has {inner.AttributeCount} attributes (namespace declarations included); at most {limits.MaxAttributesPerElement} are allowed.",
                $"Phần tử có quá {limits.MaxAttributesPerElement} thuộc tính.");
        if (!inner.MoveToFirstAttribute()) return;
        do
        {
            if (inner.Name.Length > limits.MaxNameLength)
                throw Crossed(Codes.DocumentNameTooLong, $"An attribute name is {inner.Name.Length} characters long; at most {limits.MaxNameLength} are allowed.", "Tên thuộc tính quá dài.");
            if (inner.Value.Length > limits.MaxTextLength)
                throw Crossed(Codes.DocumentTextTooLong, $"The attribute {inner.Name} has more than {limits.MaxTextLength} characters.", "Nội dung văn bản quá dài.");
        }
        while (inner.MoveToNextAttribute());
        inner.MoveToElement();
    }

    /// <summary>The refusal at the current node. A too long element name is left out of the path, which would repeat it.</summary>
    private LimitExceededException Crossed(string code, string message, string vietnamese, bool pathOfParent = false)
    {
        var path = pathOfParent ? PathOf(_stack.Count - 1) : CurrentPath;
        return new LimitExceededException(code, message, vietnamese, LineNumber, LinePosition, path);
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

/// <summary>Thrown at the first node beyond one of the <see cref="ParserLimits"/>; <see cref="Code"/> is its DOC_* code.</summary>
internal sealed class LimitExceededException(string code, string message, string vietnamese, int line, int column, string path)
    : Exception(message)
{
    public string Code { get; } = code;
    public string Vietnamese { get; } = vietnamese;
    public string Path { get; } = path;
    public int Line { get; } = line;
    public int Column { get; } = column;

    public Finding ToFinding() => new(Code, Severity.Reject, Message, Vietnamese, Line, Column, Path);
}
