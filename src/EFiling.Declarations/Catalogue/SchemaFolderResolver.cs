using System.Xml;

namespace EFiling.Declarations.Catalogue;

/// <summary>
/// Resolves xs:include / xs:import / xs:redefine only to files inside the project's schemas folder or a configured
/// schema pack; anything else (another folder, http:, a UNC path) is refused. Pack schemas are Windows-made: a
/// <c>..\TKhaiThue.xsd</c> location is read as <c>../TKhaiThue.xsd</c>, and a base file missing where the schema says
/// is taken from the packs by name (<see cref="SchemaPacks.FindBaseFile"/>). Submitted documents never get a resolver.
/// </summary>
internal sealed class SchemaFolderResolver(string folder, SchemaPacks packs) : XmlResolver
{
    private readonly string _root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;

    /// <summary>What was refused: XmlSchemaSet turns a resolver's exception into "cannot resolve", so the reason is kept here.</summary>
    public List<string> Refusals { get; } = [];

    public override Uri ResolveUri(Uri? baseUri, string? relativeUri) =>
        base.ResolveUri(baseUri, relativeUri?.Replace('\\', '/').Trim());

    public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
    {
        if (!absoluteUri.IsFile) throw Refuse($"Schema reference outside the schemas folder and the schema packs refused: {absoluteUri}");
        var path = Path.GetFullPath(absoluteUri.LocalPath);
        if (path.StartsWith(_root, StringComparison.Ordinal)) return File.OpenRead(path);
        if (!packs.Contains(path)) throw Refuse($"Schema reference outside the schemas folder and the schema packs refused: {absoluteUri}");
        var found = packs.FindBaseFile(path)
            ?? throw Refuse($"Schema file {path} is not in its pack, and no configured pack has a file named '{Path.GetFileName(path).Trim()}'.");
        return File.OpenRead(found);
    }

    private XmlException Refuse(string message)
    {
        Refusals.Add(message);
        return new XmlException(message);
    }
}
