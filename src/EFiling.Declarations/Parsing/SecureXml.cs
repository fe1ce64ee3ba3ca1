using System.Xml;

namespace EFiling.Declarations.Parsing;

/// <summary>The one set of reader settings for untrusted XML: no DTD, no resolver, bounded size.</summary>
public static class SecureXml
{
    public static XmlReaderSettings ReaderSettings(long maxBytes) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        // Characters never outnumber bytes in UTF-8, so this is a second, independent guard on size.
        MaxCharactersInDocument = maxBytes,
        IgnoreWhitespace = false,
        IgnoreComments = false,
        IgnoreProcessingInstructions = false,
        CloseInput = true,
    };

    /// <summary>Loads bytes into a DOM with the secure settings, keeping whitespace (signatures depend on it).</summary>
    public static XmlDocument Load(ReadOnlyMemory<byte> bytes, long maxBytes)
    {
        var doc = new XmlDocument { XmlResolver = null, PreserveWhitespace = true };
        using var reader = XmlReader.Create(AsStream(bytes), ReaderSettings(maxBytes));
        doc.Load(reader);
        return doc;
    }

    /// <summary>A read-only stream over the bytes, without copying them when they sit in an array.</summary>
    public static Stream AsStream(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
}
