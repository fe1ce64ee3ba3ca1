using EFiling.Declarations.Deadlines;
using EFiling.Declarations.Identifiers;

namespace EFiling.Declarations.Catalogue;

/// <summary>One row of the form catalogue: adding a form is adding a schema, a rules file and one of these.</summary>
public sealed class FormDefinition
{
    /// <summary>The form's public code, e.g. "01/GTGT" or "D02-LT".</summary>
    public required string Code { get; init; }

    /// <summary>The code written in the document (maTKhai for tax forms, maToKhai for social insurance).</summary>
    public required string FormId { get; init; }

    public required string Family { get; init; }
    public required LocalizedText Name { get; init; }

    /// <summary>Schema file, relative to the schemas folder.</summary>
    public required string Schema { get; init; }

    /// <summary>Business-rules file, relative to the schemas folder; null when the form has none.</summary>
    public string? Rules { get; init; }

    public required IReadOnlyList<string> PeriodKinds { get; init; }
    public required Dictionary<string, DeadlineRule> Deadlines { get; init; }

    public bool AllowsPeriodKind(PeriodKind kind) => PeriodKinds.Contains(kind.ToCode());

    public DeadlineRule DeadlineFor(PeriodKind kind) => Deadlines.GetValueOrDefault(kind.ToCode(), DeadlineRule.None);
}

/// <summary>A text in Vietnamese and English.</summary>
public sealed record LocalizedText(string Vi, string En);
