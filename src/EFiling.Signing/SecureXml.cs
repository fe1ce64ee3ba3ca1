using System.Xml;

namespace EFiling.Signing;

/// <summary>
/// Loads XML for signing or verification: whitespace preserved (it is part of the signed bytes), no DTD
/// (DTDs can declare ID attributes and expand entities), no resolver (nothing is fetched).
/// </summary>
public static class SecureXml
{
    public static XmlDocument Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreWhitespace = false,
            IgnoreComments = false,
            IgnoreProcessingInstructions = false,
        };
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using var reader = XmlReader.Create(stream, settings);
        document.Load(reader);
        return document;
    }

    public static XmlDocument Load(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return Load(stream);
    }

    public static XmlDocument LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    public static XmlDocument LoadXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        return Load(System.Text.Encoding.UTF8.GetBytes(xml));
    }
}
