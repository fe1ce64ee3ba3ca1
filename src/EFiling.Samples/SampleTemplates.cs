using System.Collections.Concurrent;
using EFiling.Declarations.Catalogue;

namespace EFiling.Samples;

/// <summary>
/// The starting point of every sample: the form's shipped example (schemas/&lt;family&gt;/examples/&lt;form&gt;.valid.xml),
/// which the schema checks keep valid, so generated samples follow the schema without a second description of it.
/// </summary>
public sealed class SampleTemplates(FormCatalogue catalogue)
{
    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

    public string TextOf(FormDefinition form) => TextOfSchema(form.Schema);

    /// <summary>The example beside any schema of the catalogue (a form's, a dossier envelope's, a form carried in a dossier).</summary>
    public string TextOfSchema(string schema) => _texts.GetOrAdd(schema, _ => File.ReadAllText(PathOfSchema(schema)));

    public string PathOf(FormDefinition form) => PathOfSchema(form.Schema);

    private string PathOfSchema(string relative)
    {
        var schema = catalogue.PathOf(relative);
        return Path.Combine(Path.GetDirectoryName(schema)!, "examples", Path.GetFileNameWithoutExtension(schema) + ".valid.xml");
    }
}
