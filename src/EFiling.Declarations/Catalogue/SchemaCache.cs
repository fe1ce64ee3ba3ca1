using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Schema;

namespace EFiling.Declarations.Catalogue;

/// <summary>
/// Compiles each schema file once and keeps it: every form declares the same root in its family's namespace,
/// so each form (and each official version of it) gets its own compiled set: its XSD plus what it includes.
/// </summary>
public sealed class SchemaCache(FormCatalogue catalogue)
{
    private readonly ConcurrentDictionary<string, Lazy<XmlSchemaSet>> _sets = new(StringComparer.Ordinal);

    /// <summary>The compiled set of one of the project's own forms.</summary>
    public XmlSchemaSet For(FormDefinition form) => For(new FormSchema(form, catalogue.PathOf(form.Schema), null, null));

    public XmlSchemaSet For(FormSchema schema) => ForFile(schema.Path);

    /// <summary>The compiled set of a schema file of the catalogue (a dossier envelope, or a form carried in one).</summary>
    public XmlSchemaSet ForFile(string path) =>
        _sets.GetOrAdd(path, p => new Lazy<XmlSchemaSet>(() => Compile(p))).Value;

    private XmlSchemaSet Compile(string path)
    {
        // Includes are resolved only inside our own schemas folder and the packs; submitted documents never get a resolver.
        var resolver = new SchemaFolderResolver(catalogue.SchemasFolder, catalogue.Packs);
        var set = new XmlSchemaSet { XmlResolver = resolver };
        var errors = new List<string>();
        set.ValidationEventHandler += (_, e) => errors.Add(e.Message);
        try
        {
            // Opened as a file, not as a URI: pack file names may end in a space, which a URI would drop.
            using (var reader = XmlReader.Create(File.OpenRead(path), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = true },
                       new Uri(path).AbsoluteUri))
            {
                set.Add(null, reader);
            }
            set.Compile();
        }
        catch (Exception e) when (e is XmlException or XmlSchemaException or IOException)
        {
            errors.Add(e.Message);
        }
        if (errors.Count > 0) throw new InvalidDataException($"Schema {path} does not compile: {string.Join("; ", resolver.Refusals.Concat(errors))}");
        return set;
    }
}
