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

    public string TextOf(FormDefinition form) => _texts.GetOrAdd(form.Code, _ => File.ReadAllText(PathOf(form)));

    public string PathOf(FormDefinition form)
    {
        var schema = catalogue.PathOf(form.Schema);
        return Path.Combine(Path.GetDirectoryName(schema)!, "examples", Path.GetFileNameWithoutExtension(schema) + ".valid.xml");
    }
}
