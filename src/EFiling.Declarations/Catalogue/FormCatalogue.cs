using System.Text.Json;
using System.Text.Json.Serialization;

namespace EFiling.Declarations.Catalogue;

/// <summary>
/// The form catalogue, loaded from schemas/catalogue.json: which families and forms exist, and for each
/// form its schema, rules, period kinds and deadline rules.
/// </summary>
public sealed class FormCatalogue
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Dictionary<string, FamilyDefinition> _familiesByNamespace;
    private readonly Dictionary<(string Family, string FormId), FormDefinition> _formsById;
    private readonly Dictionary<string, FormDefinition> _formsByCode;

    private FormCatalogue(string schemasFolder, IReadOnlyList<FamilyDefinition> families, IReadOnlyList<FormDefinition> forms)
    {
        SchemasFolder = schemasFolder;
        Families = families;
        Forms = forms;
        _familiesByNamespace = families.ToDictionary(f => f.Namespace, StringComparer.Ordinal);
        _formsById = forms.ToDictionary(f => (f.Family, f.FormId));
        _formsByCode = forms.ToDictionary(f => f.Code, StringComparer.OrdinalIgnoreCase);
        foreach (var form in forms)
        {
            if (!families.Any(f => f.Id == form.Family))
                throw new InvalidDataException($"Form {form.Code} names unknown family '{form.Family}'.");
        }
    }

    /// <summary>The folder holding catalogue.json, the schemas, the rules and holidays.json.</summary>
    public string SchemasFolder { get; }

    public IReadOnlyList<FamilyDefinition> Families { get; }
    public IReadOnlyList<FormDefinition> Forms { get; }

    public FamilyDefinition? FamilyByNamespace(string ns) => _familiesByNamespace.GetValueOrDefault(ns);

    public FamilyDefinition Family(string id) => Families.First(f => f.Id == id);

    public FormDefinition? FormById(string family, string formId) => _formsById.GetValueOrDefault((family, formId));

    public FormDefinition? FormByCode(string code) => _formsByCode.GetValueOrDefault(code);

    public string PathOf(string relative) => Path.Combine(SchemasFolder, relative);

    /// <summary>The folder shipped beside the binaries (see EFiling.Declarations.csproj), or the repository's own.</summary>
    public static string DefaultSchemasFolder()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "schemas");
        if (File.Exists(Path.Combine(shipped, "catalogue.json"))) return shipped;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "schemas");
            if (File.Exists(Path.Combine(candidate, "catalogue.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("No schemas folder with catalogue.json was found.");
    }

    public static FormCatalogue Load(string? schemasFolder = null)
    {
        schemasFolder = Path.GetFullPath(schemasFolder ?? DefaultSchemasFolder());
        var file = JsonSerializer.Deserialize<CatalogueFile>(File.ReadAllBytes(Path.Combine(schemasFolder, "catalogue.json")), JsonOptions)
            ?? throw new InvalidDataException("catalogue.json is empty.");
        return new FormCatalogue(schemasFolder, file.Families, file.Forms);
    }

    private sealed record CatalogueFile(List<FamilyDefinition> Families, List<FormDefinition> Forms);
}
