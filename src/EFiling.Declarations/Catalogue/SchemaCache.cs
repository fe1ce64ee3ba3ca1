using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Schema;

namespace EFiling.Declarations.Catalogue;

/// <summary>
/// Compiles each form's schema set once and keeps it: every form declares the same root in its family's
/// namespace, so each form gets its own compiled set (its XSD plus what it includes).
/// </summary>
public sealed class SchemaCache(FormCatalogue catalogue)
{
    private readonly ConcurrentDictionary<string, Lazy<XmlSchemaSet>> _sets = new(StringComparer.Ordinal);

    public XmlSchemaSet For(FormDefinition form) =>
        _sets.GetOrAdd(form.Code, _ => new Lazy<XmlSchemaSet>(() => Compile(form))).Value;

    private XmlSchemaSet Compile(FormDefinition form)
    {
        var path = catalogue.PathOf(form.Schema);
        // Includes are resolved only inside our own schemas folder; submitted documents never get a resolver.
        var set = new XmlSchemaSet { XmlResolver = new SchemaFolderResolver(catalogue.SchemasFolder) };
        var errors = new List<string>();
        set.ValidationEventHandler += (_, e) => errors.Add(e.Message);
        using (var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
        {
            set.Add(null, reader);
        }
        set.Compile();
        if (errors.Count > 0) throw new InvalidDataException($"Schema {form.Schema} does not compile: {string.Join("; ", errors)}");
        return set;
    }
}
