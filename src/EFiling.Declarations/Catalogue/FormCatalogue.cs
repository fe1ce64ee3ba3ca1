using System.Text.Json;
using System.Text.Json.Serialization;

namespace EFiling.Declarations.Catalogue;

/// <summary>
/// The form catalogue, loaded from schemas/catalogue.json: which families and forms exist, and for each
/// form its schema, rules, period kinds and deadline rules; beside it the official schema packs, if any are
/// configured, whose forms and versions join the catalogue (<see cref="Resolve"/> says which schema a document gets).
/// </summary>
public sealed partial class FormCatalogue
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

    private FormCatalogue(string schemasFolder, IReadOnlyList<FamilyDefinition> families, IReadOnlyList<FormDefinition> forms, SchemaPacks packs,
        IReadOnlyList<DossierDefinition> dossiers)
    {
        SchemasFolder = schemasFolder;
        Families = families;
        Forms = forms;
        Packs = packs;
        Dossiers = dossiers;
        _familiesByNamespace = families.ToDictionary(f => f.Namespace, StringComparer.Ordinal);
        _formsById = forms.ToDictionary(f => (f.Family, f.FormId));
        _formsByCode = forms.ToDictionary(f => f.Code, StringComparer.OrdinalIgnoreCase);
        foreach (var form in forms)
        {
            if (!families.Any(f => f.Id == form.Family))
                throw new InvalidDataException($"Form {form.Code} names unknown family '{form.Family}'.");
        }

        var packForms = new List<FormDefinition>();
        foreach (var formId in packs.FormIds.Order(StringComparer.Ordinal))
        {
            if (_formsById.ContainsKey((PackFamily, formId))) continue;
            var form = FromPack(formId, packs.FormsOf(formId)[0]);
            packForms.Add(form);
            _formsById[(PackFamily, formId)] = form;
            _formsByCode[form.Code] = form;
        }
        PackForms = packForms;

        // A form only dossiers carry (TK1-TS) still has a catalogue row, so that reconciliation and the statistics find
        // its family like any other form's; the forms that also exist in the own format keep their own row.
        var dossierForms = new List<FormDefinition>();
        foreach (var dossier in dossiers)
        {
            if (!families.Any(f => f.Id == dossier.Family))
                throw new InvalidDataException($"Dossier {dossier.Id} names unknown family '{dossier.Family}'.");
            foreach (var form in dossier.Forms.Where(f => !_formsByCode.ContainsKey(f.Code)))
            {
                var row = new FormDefinition
                {
                    Code = form.Code, FormId = form.Code, Family = dossier.Family, Name = form.Name, Schema = form.Schema,
                    PeriodKinds = ["M"], Deadlines = [],
                };
                dossierForms.Add(row);
                _formsByCode[row.Code] = row;
            }
        }
        DossierForms = dossierForms;
    }

    /// <summary>The family of the tax authority's packs: HTKK schemas are all <c>HSoThueDTu</c> tax declarations.</summary>
    public const string PackFamily = "tax";

    /// <summary>The folder holding catalogue.json, the schemas, the rules and holidays.json.</summary>
    public string SchemasFolder { get; }

    public IReadOnlyList<FamilyDefinition> Families { get; }
    /// <summary>The project's own forms (catalogue.json), each with its own schema, rules and deadlines.</summary>
    public IReadOnlyList<FormDefinition> Forms { get; }

    /// <summary>Forms only the schema packs know (no rules, no deadline, any period kind); own forms are not repeated here.</summary>
    public IReadOnlyList<FormDefinition> PackForms { get; }

    public SchemaPacks Packs { get; }

    /// <summary>The dossier formats (catalogue.json <c>dossiers</c>): envelopes carrying several signed forms.</summary>
    public IReadOnlyList<DossierDefinition> Dossiers { get; }

    /// <summary>Forms that exist only inside dossiers (no own-format schema): found by <see cref="FormByCode"/>, not in <see cref="Forms"/>.</summary>
    public IReadOnlyList<FormDefinition> DossierForms { get; }

    /// <summary>The dossier format whose envelope has this root element, or null.</summary>
    public DossierDefinition? DossierByRoot(string ns, string localName) =>
        Dossiers.FirstOrDefault(d => d.Namespace == ns && d.Root == localName);

    public IEnumerable<FormDefinition> AllForms => Forms.Concat(PackForms);

    public FamilyDefinition? FamilyByNamespace(string ns) => _familiesByNamespace.GetValueOrDefault(ns);

    public FamilyDefinition Family(string id) => Families.First(f => f.Id == id);

    public FormDefinition? FormById(string family, string formId) => _formsById.GetValueOrDefault((family, formId));

    /// <summary>An own form or a pack form by its code.</summary>
    public FormDefinition? FormByCode(string code) => _formsByCode.GetValueOrDefault(code);

    public string PathOf(string relative) => Path.Combine(SchemasFolder, relative);

    /// <summary>
    /// The schema a document of this form id and pbanTKhaiXML version is checked against: the official schema when a
    /// pack has that version; the project's own schema for a form of the catalogue that no pack describes; a form a
    /// pack describes, in a version none of them has, is <see cref="FormResolution.UnknownVersion"/>.
    /// </summary>
    public FormResolution Resolve(string family, string? formId, string? version, bool supplementary = false)
    {
        if (formId is null || FormById(family, formId) is not { } form) return new FormResolution.UnknownForm(formId);
        if (family == PackFamily && version is not null && Packs.Find(formId, version, supplementary) is { } official)
            return new FormResolution.Found(new FormSchema(form, official.Path, official.Version, official.Pack));
        // Once a pack describes a form, its versions are the official list: the own schema (lenient on the version)
        // stands in only for forms no pack has.
        var versions = family == PackFamily ? Packs.VersionsOf(formId) : [];
        if (versions.Count == 0 && Forms.Contains(form)) return new FormResolution.Found(new FormSchema(form, PathOf(form.Schema), null, null));
        return new FormResolution.UnknownVersion(form, version, versions);
    }

    /// <summary>A catalogue row for a form only the packs describe. Its code is the one the menu's caption names,
    /// e.g. "03/GTGT" from "Tờ khai GTGT trực tiếp trên GTGT (03/GTGT)", made unique with the maTKhai when an
    /// own form already has it (the old 01/GTGT, maTKhai 01, becomes "01/GTGT (01)" beside the TT80 one, 842).</summary>
    private FormDefinition FromPack(string formId, PackForm menu)
    {
        var code = CodeFromCaption(menu.Caption) ?? CodeFromCaption(menu.Title) ?? menu.Prefix;
        if (_formsByCode.TryGetValue(code, out var taken) && taken.FormId != formId) code = $"{code} ({formId})";
        var title = menu.Title.Length > 0 ? menu.Title : menu.Caption;
        return new FormDefinition
        {
            Code = code,
            FormId = formId,
            Family = PackFamily,
            Name = new LocalizedText(title, $"{code} (official schema pack {menu.Pack})"),
            Schema = $"pack:{menu.Prefix}",
            PeriodKinds = ["M", "Q", "Y", "D"],
            Deadlines = [],
        };
    }

    private static string? CodeFromCaption(string caption)
    {
        foreach (System.Text.RegularExpressions.Match m in CaptionGroup().Matches(caption))
        {
            var text = m.Groups[1].Value.Trim();
            if (text.StartsWith("Mẫu số", StringComparison.OrdinalIgnoreCase)) text = text["Mẫu số".Length..].Trim();
            if (text.StartsWith("TT", StringComparison.Ordinal) || text.StartsWith("Ban hành", StringComparison.OrdinalIgnoreCase)) continue;
            text = DashSpaces().Replace(text, "-");
            if (text.Length is > 0 and <= 40 && (text.Contains('/') || text.Contains('-'))) return text;
        }
        return null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\(([^()]*)\)")]
    private static partial System.Text.RegularExpressions.Regex CaptionGroup();

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*-\s*")]
    private static partial System.Text.RegularExpressions.Regex DashSpaces();

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

    /// <param name="schemasFolder">The project's own schemas; default: the shipped folder.</param>
    /// <param name="schemaPacks">Official schema pack folders, first one first (see <see cref="SchemaPacks"/>).</param>
    public static FormCatalogue Load(string? schemasFolder = null, IEnumerable<string>? schemaPacks = null)
    {
        schemasFolder = Path.GetFullPath(schemasFolder ?? DefaultSchemasFolder());
        var file = JsonSerializer.Deserialize<CatalogueFile>(File.ReadAllBytes(Path.Combine(schemasFolder, "catalogue.json")), JsonOptions)
            ?? throw new InvalidDataException("catalogue.json is empty.");
        return new FormCatalogue(schemasFolder, file.Families, file.Forms, SchemaPacks.Load(schemaPacks ?? []), file.Dossiers ?? []);
    }

    private sealed record CatalogueFile(List<FamilyDefinition> Families, List<FormDefinition> Forms, List<DossierDefinition>? Dossiers);
}
