namespace EFiling.Declarations.Catalogue;

/// <summary>
/// A dossier format (catalogue.json <c>dossiers[]</c>): an envelope that carries several signed forms in base64, as
/// employers' software sends social-insurance procedures through an I-VAN provider (<c>Hoso</c>). The envelope's
/// header fields, where its files are, what each file says about itself, the forms it may carry (each with its own
/// schema, rules and signature block) and the procedures with the forms each one takes.
/// </summary>
public sealed class DossierDefinition
{
    public required string Id { get; init; }
    public required LocalizedText Name { get; init; }

    /// <summary>The catalogue family its filings belong to (reconciliation, statistics): e.g. social-insurance.</summary>
    public required string Family { get; init; }

    /// <summary>The envelope's namespace ("" for none) and root element.</summary>
    public required string Namespace { get; init; }
    public required string Root { get; init; }

    /// <summary>The envelope's schema, relative to the schemas folder.</summary>
    public required string Schema { get; init; }

    /// <summary>The envelope's signature block (a child of the root): the employer's signature over the whole dossier.</summary>
    public required string SignatureBlock { get; init; }

    /// <summary>Local-name path, below the root, of the repeated element describing one file (FileToKhai).</summary>
    public required string Files { get; init; }

    /// <summary>Header fields, local-name paths below the root: mst, employerCode, office, procedure, period, … (see catalogue.json).</summary>
    public required Dictionary<string, string> Fields { get; init; }

    /// <summary>Children of a file element: formId, description, fileName, fileType, length, content.</summary>
    public required Dictionary<string, string> FileFields { get; init; }

    /// <summary>Each form's own signature block (a child of the form's root).</summary>
    public required string FormSignatureBlock { get; init; }

    /// <summary>The forms a dossier may carry, first the one a filing is named after when several are present.</summary>
    public required IReadOnlyList<DossierFormDefinition> Forms { get; init; }

    public required IReadOnlyList<ProcedureDefinition> Procedures { get; init; }

    public DossierLimits Limits { get; init; } = new();

    public string? FieldPath(string field) => Fields.GetValueOrDefault(field);

    public string FileField(string field) => FileFields.TryGetValue(field, out var name)
        ? name
        : throw new InvalidDataException($"Dossier {Id}: fileFields has no '{field}'.");

    /// <summary>The form a file names itself as (MaToKhai), by code or any of its ids.</summary>
    public DossierFormDefinition? FormById(string? id) =>
        id is null ? null : Forms.FirstOrDefault(f => f.Ids.Contains(id, StringComparer.OrdinalIgnoreCase) || string.Equals(f.Code, id, StringComparison.OrdinalIgnoreCase));

    public ProcedureDefinition? Procedure(string? code) =>
        code is null ? null : Procedures.FirstOrDefault(p => string.Equals(p.Code, code, StringComparison.Ordinal));
}

/// <summary>A form as carried in a dossier: its catalogue code, the ids files name it by (MaToKhai), the root elements its
/// document may have, its schema and rules (relative to the schemas folder).</summary>
public sealed class DossierFormDefinition
{
    public required string Code { get; init; }
    public required IReadOnlyList<string> Ids { get; init; }
    public required IReadOnlyList<string> Roots { get; init; }
    public required string Schema { get; init; }
    public string? Rules { get; init; }
    public required LocalizedText Name { get; init; }
}

/// <summary>A procedure (MaThuTuc) and the forms it takes: any of <see cref="Forms"/>, at least one of <see cref="RequiresOneOf"/>.</summary>
public sealed class ProcedureDefinition
{
    public required string Code { get; init; }
    public required LocalizedText Name { get; init; }
    public required IReadOnlyList<string> Forms { get; init; }
    public IReadOnlyList<string> RequiresOneOf { get; init; } = [];
}

/// <summary>How many files a dossier may carry, and how large each may be once decoded: both checked before anything is
/// decoded (the size from the length of the base64 text), so a decoded-size bomb costs no more than its own bytes.</summary>
public sealed record DossierLimits
{
    public int MaxFiles { get; init; } = 20;
    public long MaxFileBytes { get; init; } = 5 * 1024 * 1024;
}
