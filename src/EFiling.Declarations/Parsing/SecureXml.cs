using System.Xml;

namespace EFiling.Declarations.Parsing;

/// <summary>The one set of reader settings for untrusted XML: no DTD (DTDs can declare ID attributes and expand
/// entities), no resolver (nothing is fetched), bounded size; whitespace kept (it is part of the signed bytes). Used by
/// the parser, the signer and the verifier alike.</summary>
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

    /// <summary>Loads bytes for signing or verification (no size bound beyond the array's).</summary>
    public static XmlDocument Load(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Load(bytes, long.MaxValue);
    }

    public static XmlDocument LoadFile(string path) => Load(File.ReadAllBytes(path));

    public static XmlDocument LoadXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return Load(System.Text.Encoding.UTF8.GetBytes(xml));
    }

    /// <summary>A read-only stream over the bytes, without copying them when they sit in an array.</summary>
    public static Stream AsStream(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
}
