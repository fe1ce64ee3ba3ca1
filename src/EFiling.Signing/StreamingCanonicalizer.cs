using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace EFiling.Signing;

/// <summary>
/// Canonical XML 1.0 or exclusive C14N 1.0 (without comments) of one element of a parsed DOM — or of the whole document —
/// written as UTF-8 straight into a hash: no canonical string, no copy of the document, one pooled buffer. This is the
/// fast path's canonicaliser; SignedXml (which serialises the element to a string, parses it again and builds a
/// canonical DOM) stays the reference, and <see cref="FastSignatureCheck"/> compares the two in its differential mode.
/// <para>It handles exactly what real declarations hold. Anything where SignedXml's re-parse could change what is
/// canonicalised — a carriage return in text or a tab or line break in an attribute value (the serialiser writes them
/// raw and the re-parse normalises them), an <c>xml:*</c> attribute (SignedXml copies those of ancestors onto the signed
/// element), an attribute the schema defaulted, a processing instruction, an entity reference, a ds:Signature inside
/// the referenced element, a comment where it would count — ends it with <see cref="OutsideProfileException"/>, and
/// the caller hands the document to SignedXml instead of guessing.</para>
/// </summary>
internal sealed class StreamingCanonicalizer : IDisposable
{
    /// <summary>Deeper than the parser allows (32) and than any signature needs; beyond it, the reference path.</summary>
    private const int MaxDepth = 256;

    private static readonly SearchValues<char> TextSpecials = SearchValues.Create("&<>\r");
    private static readonly SearchValues<char> AttributeSpecials = SearchValues.Create("&<\"\t\n\r");

    private readonly IncrementalHash _hash;
    private readonly bool _exclusive;
    private readonly bool _refuseComments;
    private readonly XmlElement? _envelopedSignature;
    private readonly bool _wholeDocument;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(32 * 1024);
    private int _length;

    // Namespace declarations rendered by output ancestors: (prefix, uri), innermost last; _frames marks each element's.
    private readonly List<(string Prefix, string Uri)> _rendered = [];
    private readonly List<int> _frames = [];
    // Every namespace declaration in scope (rendered or not), innermost last, to check each prefix used is declared.
    private readonly List<(string Prefix, string Uri)> _scope = [];
    private readonly List<(string Prefix, string Uri)> _declarations = [];
    private readonly List<XmlAttribute> _attributes = [];

    private StreamingCanonicalizer(IncrementalHash hash, bool exclusive, bool refuseComments, XmlElement? envelopedSignature, bool wholeDocument)
    {
        _hash = hash;
        _exclusive = exclusive;
        _refuseComments = refuseComments;
        _envelopedSignature = envelopedSignature;
        _wholeDocument = wholeDocument;
    }

    /// <summary>The digest of the canonical form of <paramref name="apex"/> and its descendants.</summary>
    /// <param name="exclusive">Exclusive C14N (no InclusiveNamespaces prefix list) rather than C14N 1.0.</param>
    /// <param name="refuseComments">A comment ends the fast path (SignedInfo under a "with comments" method); otherwise
    /// comments are left out, as a same-document reference requires.</param>
    /// <param name="envelopedSignature">The ds:Signature the enveloped-signature transform removes, or null.</param>
    /// <exception cref="OutsideProfileException">The element holds something the fast path does not reproduce.</exception>
    public static byte[] Digest(XmlElement apex, HashAlgorithmName algorithm, bool exclusive, bool refuseComments, XmlElement? envelopedSignature)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        using var writer = new StreamingCanonicalizer(hash, exclusive, refuseComments, envelopedSignature, wholeDocument: false);
        writer.WriteApex(apex);
        return writer.Finish();
    }

    /// <summary>The digest of the whole document (a <c>URI=""</c> reference): its element, without the document-level
    /// whitespace and XML declaration, which canonical XML never holds.</summary>
    public static byte[] DigestDocument(XmlDocument document, HashAlgorithmName algorithm, bool exclusive, XmlElement? envelopedSignature)
    {
        foreach (XmlNode node in document.ChildNodes)
        {
            switch (node)
            {
                case XmlDeclaration or XmlWhitespace or XmlSignificantWhitespace or XmlComment:
                case XmlElement when ReferenceEquals(node, document.DocumentElement):
                    break;
                default:
                    throw new OutsideProfileException($"the document holds a {node.NodeType} outside its element");
            }
        }

        using var hash = IncrementalHash.CreateHash(algorithm);
        using var writer = new StreamingCanonicalizer(hash, exclusive, refuseComments: false, envelopedSignature, wholeDocument: true);
        writer.WriteApex(document.DocumentElement ?? throw new OutsideProfileException("the document has no element"));
        return writer.Finish();
    }

    private byte[] Finish()
    {
        Flush();
        return _hash.GetHashAndReset();
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void WriteApex(XmlElement apex)
    {
        // In-scope namespaces of the apex come from its ancestors too (nearest declaration wins); inclusive C14N
        // renders all of them on it, exclusive C14N those it uses. xml:* attributes of ancestors SignedXml would copy.
        var inScope = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!_wholeDocument)
        {
            for (var node = apex.ParentNode as XmlElement; node is not null; node = node.ParentNode as XmlElement)
            {
                foreach (XmlAttribute attribute in node.Attributes)
                {
                    if (IsNamespaceDeclaration(attribute)) inScope.TryAdd(DeclaredPrefix(attribute), attribute.Value);
                    else if (attribute.Prefix == "xml") throw new OutsideProfileException("an ancestor of the signed element carries an xml:* attribute");
                }
            }
        }

        foreach (var (prefix, uri) in inScope) _scope.Add((prefix, uri));
        WriteElement(apex, inScope, depth: 0);
    }

    private void WriteElement(XmlElement element, Dictionary<string, string>? ancestorsInScope, int depth)
    {
        if (depth > MaxDepth) throw new OutsideProfileException("the element nests deeper than the fast path goes");

        _declarations.Clear();
        _attributes.Clear();
        var scopeFrame = _scope.Count;
        // At the apex, its own declarations override the ancestors' in one map of what is in scope.
        var own = ancestorsInScope;
        foreach (XmlAttribute attribute in element.Attributes)
        {
            if (!attribute.Specified) throw new OutsideProfileException("an attribute was defaulted by the schema");
            if (IsNamespaceDeclaration(attribute))
            {
                CheckAttributeValue(attribute.Value);
                var prefix = DeclaredPrefix(attribute);
                _scope.Add((prefix, attribute.Value));
                if (own is not null) own[prefix] = attribute.Value;
                else if (!_exclusive) AddDeclarationIfNew(prefix, attribute.Value);
            }
            else
            {
                if (attribute.Prefix == "xml") throw new OutsideProfileException("an xml:* attribute");
                _attributes.Add(attribute);
            }
        }

        if (_exclusive)
        {
            // Visibly utilised: the element's own prefix and its attributes' prefixes.
            AddDeclarationIfNew(element.Prefix, element.NamespaceURI);
            foreach (var attribute in _attributes)
            {
                if (attribute.Prefix.Length > 0) AddDeclarationIfNew(attribute.Prefix, attribute.NamespaceURI);
            }
        }
        else if (own is not null)
        {
            foreach (var (prefix, uri) in own) AddDeclarationIfNew(prefix, uri);
        }

        CheckBound(element);

        _frames.Add(_rendered.Count);
        _declarations.Sort(static (a, b) => string.CompareOrdinal(a.Prefix, b.Prefix));
        _attributes.Sort(static (a, b) =>
        {
            var byNamespace = string.CompareOrdinal(a.NamespaceURI, b.NamespaceURI);
            return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.LocalName, b.LocalName);
        });

        WriteAscii('<');
        WriteRaw(element.Name);
        foreach (var (prefix, uri) in _declarations)
        {
            _rendered.Add((prefix, uri));
            WriteRaw(prefix.Length == 0 ? " xmlns=\"" : " xmlns:");
            if (prefix.Length > 0)
            {
                WriteRaw(prefix);
                WriteRaw("=\"");
            }

            WriteEscaped(uri, AttributeSpecials);
            WriteAscii('"');
        }

        foreach (var attribute in _attributes)
        {
            WriteAscii(' ');
            WriteRaw(attribute.Name);
            WriteRaw("=\"");
            WriteEscaped(attribute.Value, AttributeSpecials);
            WriteAscii('"');
        }

        WriteAscii('>');

        for (var child = element.FirstChild; child is not null; child = child.NextSibling)
        {
            switch (child)
            {
                case XmlElement e when ReferenceEquals(e, _envelopedSignature):
                    break;
                case XmlElement e when e.LocalName == "Signature" && e.NamespaceURI == XmlDsigAlgorithms.DsigNamespace && !_wholeDocument:
                    // SignedXml finds the enveloped signature by its position among those in the referenced element.
                    throw new OutsideProfileException("a ds:Signature inside the referenced element");
                case XmlElement e:
                    WriteElement(e, null, depth + 1);
                    break;
                case XmlText or XmlWhitespace or XmlSignificantWhitespace or XmlCDataSection:
                    WriteEscaped(child.Value!, TextSpecials);
                    break;
                case XmlComment when _refuseComments:
                    throw new OutsideProfileException("a comment under a canonicalisation that keeps comments");
                case XmlComment:
                    break;
                default:
                    throw new OutsideProfileException($"a {child.NodeType} node");
            }
        }

        WriteRaw("</");
        WriteRaw(element.Name);
        WriteAscii('>');
        _rendered.RemoveRange(_frames[^1], _rendered.Count - _frames[^1]);
        _frames.RemoveAt(_frames.Count - 1);
        _scope.RemoveRange(scopeFrame, _scope.Count - scopeFrame);
    }

    /// <summary>Renders <paramref name="prefix"/> unless the output ancestors already bound it to the same namespace
    /// (the empty default is rendered only to undo a non-empty one).</summary>
    private void AddDeclarationIfNew(string prefix, string uri)
    {
        if (prefix == "xml") return;
        if (RenderedUri(prefix) == uri) return;
        foreach (var (p, _) in _declarations)
        {
            if (p == prefix) return;
        }

        _declarations.Add((prefix, uri));
    }

    private string RenderedUri(string prefix)
    {
        for (var i = _rendered.Count - 1; i >= 0; i--)
        {
            if (_rendered[i].Prefix == prefix) return _rendered[i].Uri;
        }

        return "";
    }

    /// <summary>Every prefix the element and its attributes use must be bound to their namespace by a declaration in the
    /// DOM (true of any parsed document); a DOM built by hand can lack them, and SignedXml would invent them.</summary>
    private void CheckBound(XmlElement element)
    {
        if (ScopeUri(element.Prefix) != element.NamespaceURI)
            throw new OutsideProfileException("an element's namespace is not declared in the document");
        foreach (var attribute in _attributes)
        {
            if (attribute.Prefix.Length > 0 && ScopeUri(attribute.Prefix) != attribute.NamespaceURI)
                throw new OutsideProfileException("an attribute's namespace is not declared in the document");
        }
    }

    private string ScopeUri(string prefix)
    {
        for (var i = _scope.Count - 1; i >= 0; i--)
        {
            if (_scope[i].Prefix == prefix) return _scope[i].Uri;
        }

        return "";
    }

    private static bool IsNamespaceDeclaration(XmlAttribute attribute) =>
        attribute.Prefix == "xmlns" || (attribute.Prefix.Length == 0 && attribute.LocalName == "xmlns");

    private static string DeclaredPrefix(XmlAttribute attribute) => attribute.Prefix == "xmlns" ? attribute.LocalName : "";

    private static void CheckAttributeValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0)
            throw new OutsideProfileException("a tab or line break in an attribute value");
    }

    private void WriteEscaped(string text, SearchValues<char> specials)
    {
        var rest = text.AsSpan();
        while (rest.Length > 0)
        {
            var at = rest.IndexOfAny(specials);
            if (at < 0)
            {
                WriteRaw(rest);
                return;
            }

            WriteRaw(rest[..at]);
            switch (rest[at])
            {
                case '&':
                    WriteRaw("&amp;");
                    break;
                case '<':
                    WriteRaw("&lt;");
                    break;
                case '>':
                    WriteRaw("&gt;");
                    break;
                case '"':
                    WriteRaw("&quot;");
                    break;
                default:
                    // \r in text, \t \n \r in attribute values: SignedXml's serialise-and-reparse changes them.
                    throw new OutsideProfileException("a carriage return in text, or a tab or line break in an attribute value");
            }

            rest = rest[(at + 1)..];
        }
    }

    private void WriteAscii(char c)
    {
        if (_length == _buffer.Length) Flush();
        _buffer[_length++] = (byte)c;
    }

    private void WriteRaw(ReadOnlySpan<char> text)
    {
        const int Chunk = 8 * 1024;
        while (text.Length > 0)
        {
            var take = Math.Min(text.Length, Chunk);
            // Never split a surrogate pair between two encoder calls.
            if (take < text.Length && char.IsHighSurrogate(text[take - 1])) take--;
            if (_buffer.Length - _length < take * 3) Flush();
            _length += Encoding.UTF8.GetBytes(text[..take], _buffer.AsSpan(_length));
            text = text[take..];
        }
    }

    private void Flush()
    {
        _hash.AppendData(_buffer, 0, _length);
        _length = 0;
    }
}

/// <summary>The document holds something the fast path does not reproduce exactly; the reference path decides.</summary>
internal sealed class OutsideProfileException(string reason) : Exception(reason);
