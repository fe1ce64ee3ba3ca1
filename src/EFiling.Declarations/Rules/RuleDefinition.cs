using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Findings;

namespace EFiling.Declarations.Rules;

/// <summary>
/// One business rule, as written in a rules file. Exactly one of <see cref="Assert"/>, <see cref="Pattern"/>
/// or <see cref="Unique"/> is set.
/// </summary>
public sealed record RuleDefinition
{
    public required string Code { get; init; }
    public required Severity Severity { get; init; }
    public required LocalizedText Message { get; init; }

    /// <summary>A System.Data expression over the named values that must be true, e.g. "ct27 = ct29 + ct30 + ct32".</summary>
    public string? Assert { get; init; }

    /// <summary>Every element at the path must match the regular expression.</summary>
    public PatternCheck? Pattern { get; init; }

    /// <summary>No two elements at the path may share the key child's text.</summary>
    public UniqueCheck? Unique { get; init; }
}

public sealed record PatternCheck(string Path, string Regex);

public sealed record UniqueCheck(string Path, string Key);

/// <summary>
/// A named number read from the declaration: one element's value, or a sum or count over rows. For a sum the
/// path ends at a leaf of the row (…/HDonBRa/giaTri); for a count it ends at the row. A filter names children of the row.
/// </summary>
public sealed record ValueDefinition(string Path, ValueAggregate Aggregate, IReadOnlyDictionary<string, string> Where)
{
    private string[] Steps => Path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Steps to the elements the value reads (single) or to the rows (sum, count).</summary>
    public string[] RowSteps => Aggregate == ValueAggregate.Sum ? Steps[..^1] : Steps;

    /// <summary>The row's child that is summed; null for single values and counts.</summary>
    public string? Leaf => Aggregate == ValueAggregate.Sum ? Steps[^1] : null;
}

public enum ValueAggregate
{
    Single,
    Sum,
    Count,
}
