using System.Net;
using System.Xml;

namespace EFiling.Signing;

/// <summary>An XmlResolver that refuses every request. Given to SignedXml (whose resolver cannot be null)
/// so that, should anything slip past the structural checks, it fails instead of reading a file or URL.</summary>
internal sealed class NoFetchXmlResolver : XmlResolver
{
    public static readonly NoFetchXmlResolver Instance = new();

    public override ICredentials Credentials
    {
        set { }
    }

    public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn) =>
        throw new XmlException($"Fetching \"{absoluteUri}\" is not allowed while handling signatures.");
}
