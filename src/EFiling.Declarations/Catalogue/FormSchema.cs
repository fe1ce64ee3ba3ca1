namespace EFiling.Declarations.Catalogue;

/// <summary>
/// The schema one document is checked against: the form (its rules, periods, deadlines), the XSD file, and for an
/// official pack schema the pbanTKhaiXML version and the pack it came from (null for the project's own schema).
/// </summary>
public sealed record FormSchema(FormDefinition Form, string Path, string? Version, string? Pack)
{
    public bool IsOfficial => Pack is not null;
}

/// <summary>How a (form id, version) was resolved: a schema, or why there is none.</summary>
public abstract record FormResolution
{
    private FormResolution() { }

    public sealed record Found(FormSchema Schema) : FormResolution;

    /// <summary>No catalogue row and no pack knows the form id.</summary>
    public sealed record UnknownForm(string? FormId) : FormResolution;

    /// <summary>The form is known only from packs, and none has this version.</summary>
    public sealed record UnknownVersion(FormDefinition Form, string? Version, IReadOnlyList<string> KnownVersions) : FormResolution;
}
