namespace EFiling.Declarations.Parsing;

/// <summary>Limits that keep one submission from exhausting the service.</summary>
public sealed record ParserLimits
{
    /// <summary>Largest accepted document; invoice appendices make files of several MB.</summary>
    public long MaxDocumentBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Deepest element nesting; real declarations stay under 12.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most schema errors reported for one document; past that the list is cut with a note.</summary>
    public int MaxReportedErrors { get; init; } = 200;
}
