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
/// </summary>
internal static class StartTagScan
{
    /// <summary>The refusal for the first start tag with more attributes (namespace declarations included) than allowed.</summary>
    public static Finding? FirstCrowdedTag(ReadOnlyMemory<byte> bytes, int maxAttributes)
    {
        var span = bytes.Span;
        // UTF-16 and UTF-32 spread an ASCII delimiter over several bytes: scan their characters. Every other encoding
        // .NET reads here (UTF-8, ASCII, Latin-1) writes the delimiters as the single ASCII bytes this scan looks for.
        if (WideEncoding(span) is { } wide)
        {
            var text = wide.GetString(span);
            return Scan(text.AsSpan(), maxAttributes, (s, start, length) => new string(s.Slice(start, length)));
        }
        return Scan(span, maxAttributes, (s, start, length) => Encoding.UTF8.GetString(s.Slice(start, length)));
    }

    private delegate string NameOf<T>(ReadOnlySpan<T> span, int start, int length);

    private static Finding? Scan<T>(ReadOnlySpan<T> s, int maxAttributes, NameOf<T> nameOf)
        where T : unmanaged, IBinaryInteger<T>
    {
        var open = new List<(int Start, int Length)>();
        var line = 1;
        var i = 0;
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
            else if (StartsWith(s, i, "<!")) return null;
            else if (StartsWith(s, i, "</"))
            {
                if (open.Count > 0) open.RemoveAt(open.Count - 1);
                i = Skip(s, i + 2, ">", ref line);
            }
            else
            {
                var tagLine = line;
                var nameStart = i + 1;
                var j = nameStart;
                while (j < s.Length && !IsSpace(C(s, j)) && C(s, j) is not ('>' or '/')) j++;
                var name = (nameStart, j - nameStart);
                var attributes = 0;
                var quote = '\0';
                for (; j < s.Length; j++)
                {
                    var d = C(s, j);
                    if (d == '\n') line++;
                    if (quote != '\0')
                    {
                        if (d == quote) quote = '\0';
                    }
                    else if (d is '"' or '\'') quote = d;
                    else if (d == '=' && ++attributes > maxAttributes)
                    {
                        var local = nameOf(s, name.Item1, name.Item2);
                        return new Finding(Codes.DocumentTooManyAttributes, Severity.Reject,
                            $"<{local}> has more than {maxAttributes} attributes (namespace declarations included).",
                            $"Phần tử có quá {maxAttributes} thuộc tính.", tagLine, Path: PathOf(s, open, name, nameOf));
                    }
                    else if (d == '>') break;
                }
                if (j > 0 && j < s.Length && C(s, j - 1) != '/') open.Add(name);
                i = j + 1;
            }
        }
        return null;
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
