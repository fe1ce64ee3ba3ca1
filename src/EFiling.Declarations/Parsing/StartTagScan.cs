using System.Numerics;
using System.Text;
using EFiling.Declarations.Findings;

namespace EFiling.Declarations.Parsing;

/// <summary>
/// Counts the attributes of every start tag straight from the bytes, before any XmlReader sees them. XmlReader reads a
/// start tag's attributes all at once, in time that grows with their square (100k/200k/400k/800k attributes on one
/// element: 0.1/0.6/2.6/15 s in XmlTextReader alone), so <see cref="ParserLimits.MaxAttributesPerElement"/> cannot wait
/// for <see cref="PathTrackingReader"/>. Only the lexical shape matters here (comments, CDATA, processing instructions,
/// quoted values, start and end tags); wherever a document stops being well-formed XmlReader stops there too, so a
/// scan that goes astray after that point looks at nothing XmlReader would read.
/// <para>On the way it measures, from the bytes, upper bounds of everything else <see cref="ParserLimits"/> counts —
/// depth, elements, name lengths, text between two tags (markup included), attribute values — so that a document well
/// within them needs no streaming pass of its own before the validating one (<see cref="DocumentLimits"/>): a byte,
/// or a UTF-16 unit, is never fewer than the characters XmlReader makes of it.</para>
/// </summary>
internal static class StartTagScan
{
    /// <summary>The refusal for the first start tag with more attributes (namespace declarations included) than allowed.</summary>
    public static Finding? FirstCrowdedTag(ReadOnlyMemory<byte> bytes, int maxAttributes) =>
        Run(bytes, new ParserLimits { MaxAttributesPerElement = maxAttributes }).Crowded;

    /// <summary>The first crowded start tag, if any; and whether every other limit is certainly kept (false when a bound
    /// reaches a limit, or the scan met a DOCTYPE: then only XmlReader can say).</summary>
    public static (Finding? Crowded, bool WithinLimits) Run(ReadOnlyMemory<byte> bytes, ParserLimits limits)
    {
        var span = bytes.Span;
        // UTF-16 and UTF-32 spread an ASCII delimiter over several bytes: scan their characters. Every other encoding
        // .NET reads here (UTF-8, ASCII, Latin-1) writes the delimiters as the single ASCII bytes this scan looks for.
        if (WideEncoding(span) is { } wide)
        {
            var text = wide.GetString(span);
            return Scan(text.AsSpan(), limits, (s, start, length) => new string(s.Slice(start, length)));
        }
        return Scan(span, limits, (s, start, length) => Encoding.UTF8.GetString(s.Slice(start, length)));
    }

    private delegate string NameOf<T>(ReadOnlySpan<T> span, int start, int length);

    private static (Finding? Crowded, bool WithinLimits) Scan<T>(ReadOnlySpan<T> s, ParserLimits limits, NameOf<T> nameOf)
        where T : unmanaged, IBinaryInteger<T>
    {
        var maxAttributes = limits.MaxAttributesPerElement;
        var open = new List<(int Start, int Length)>();
        var line = 1;
        var i = 0;
        var within = true;
        var elements = 0;
        var textStart = 0; // where the run of text (and comments, CDATA, PIs) since the last start or end tag began
        while (i < s.Length)
        {
            var c = C(s, i);
            if (c == '\n') line++;
            if (c != '<')
            {
                i++;
                continue;
            }

            if (StartsWith(s, i, "<!--")) i = Skip(s, i + 4, "-->", ref line);
            else if (StartsWith(s, i, "<![CDATA[")) i = Skip(s, i + 9, "]]>", ref line);
            else if (StartsWith(s, i, "<?")) i = Skip(s, i + 2, "?>", ref line);
            // A DOCTYPE is refused by XmlReader before anything after it is read.
            else if (StartsWith(s, i, "<!")) return (null, false);
            else if (StartsWith(s, i, "</"))
            {
                within &= i - textStart <= limits.MaxTextLength;
                if (open.Count > 0) open.RemoveAt(open.Count - 1);
                i = Skip(s, i + 2, ">", ref line);
                textStart = i;
            }
            else
            {
                within &= i - textStart <= limits.MaxTextLength && open.Count < limits.MaxDepth && ++elements <= limits.MaxElements;
                var tagLine = line;
                var nameStart = i + 1;
                var j = nameStart;
                while (j < s.Length && !IsSpace(C(s, j)) && C(s, j) is not ('>' or '/')) j++;
                var name = (nameStart, j - nameStart);
                within &= name.Item2 <= limits.MaxNameLength;
                var attributes = 0;
                var quote = '\0';
                var tokenStart = j; // an attribute's name (and the blanks around it) runs from here to its '='
                var valueStart = 0;
                for (; j < s.Length; j++)
                {
                    var d = C(s, j);
                    if (d == '\n') line++;
                    if (quote != '\0')
                    {
                        if (d != quote) continue;
                        quote = '\0';
                        within &= j - valueStart <= limits.MaxTextLength;
                        tokenStart = j + 1;
                    }
                    else if (d is '"' or '\'')
                    {
                        quote = d;
                        valueStart = j + 1;
                    }
                    else if (d == '=')
                    {
                        within &= j - tokenStart <= limits.MaxNameLength;
                        if (++attributes <= maxAttributes) continue;
                        var local = nameOf(s, name.Item1, name.Item2);
                        return (new Finding(Codes.DocumentTooManyAttributes, Severity.Reject,
                            $"<{local}> has more than {maxAttributes} attributes (namespace declarations included).",
                            $"Phần tử có quá {maxAttributes} thuộc tính.", tagLine, Path: PathOf(s, open, name, nameOf)), false);
                    }
                    else if (d == '>') break;
                }
                if (j > 0 && j < s.Length && C(s, j - 1) != '/') open.Add(name);
                i = j + 1;
                textStart = i;
            }
        }
        within &= s.Length - textStart <= limits.MaxTextLength;
        return (null, within);
    }

    private static string PathOf<T>(ReadOnlySpan<T> s, List<(int Start, int Length)> open, (int Start, int Length) current, NameOf<T> nameOf)
        where T : unmanaged, IBinaryInteger<T>
    {
        var path = new StringBuilder();
        foreach (var (start, length) in open.Append(current))
        {
            var name = nameOf(s, start, length);
            path.Append('/').Append(name[(name.IndexOf(':') + 1)..]);
        }
        return path.ToString();
    }

    private static char C<T>(ReadOnlySpan<T> s, int i) where T : unmanaged, IBinaryInteger<T> => (char)ushort.CreateTruncating(s[i]);

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool StartsWith<T>(ReadOnlySpan<T> s, int at, string text) where T : unmanaged, IBinaryInteger<T>
    {
        if (at + text.Length > s.Length) return false;
        for (var k = 0; k < text.Length; k++)
        {
            if (C(s, at + k) != text[k]) return false;
        }
        return true;
    }

    /// <summary>The index just after the next <paramref name="end"/>, counting lines on the way; the end when there is none.</summary>
    private static int Skip<T>(ReadOnlySpan<T> s, int from, string end, ref int line) where T : unmanaged, IBinaryInteger<T>
    {
        for (var k = from; k < s.Length; k++)
        {
            if (StartsWith(s, k, end)) return k + end.Length;
            if (C(s, k) == '\n') line++;
        }
        return s.Length;
    }

    /// <summary>UTF-16 or UTF-32 by byte-order mark or by the zero bytes around the first '&lt;', as XmlReader detects them.</summary>
    private static Encoding? WideEncoding(ReadOnlySpan<byte> b) => b switch
    {
        [0xFF, 0xFE, 0x00, 0x00, ..] or [0x3C, 0x00, 0x00, 0x00, ..] => new UTF32Encoding(bigEndian: false, byteOrderMark: true),
        [0x00, 0x00, 0xFE, 0xFF, ..] or [0x00, 0x00, 0x00, 0x3C, ..] => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
        [0xFF, 0xFE, ..] or [0x3C, 0x00, ..] => Encoding.Unicode,
        [0xFE, 0xFF, ..] or [0x00, 0x3C, ..] => Encoding.BigEndianUnicode,
        _ => null,
    };
}
