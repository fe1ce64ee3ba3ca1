using System.Xml;

namespace EFiling.Declarations.Catalogue;

/// <summary>Resolves xs:include / xs:import only to files inside the schemas folder; anything else is refused.</summary>
internal sealed class SchemaFolderResolver(string folder) : XmlResolver
{
    private readonly string _root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;

    public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
    {
        if (!absoluteUri.IsFile || !Path.GetFullPath(absoluteUri.LocalPath).StartsWith(_root, StringComparison.Ordinal))
            throw new XmlException($"Schema reference outside the schemas folder refused: {absoluteUri}");
        return File.OpenRead(absoluteUri.LocalPath);
    }
}
