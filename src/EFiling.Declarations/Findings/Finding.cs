namespace EFiling.Declarations.Findings;

/// <summary>
/// One problem found in a declaration. <see cref="Code"/> is stable and machine-readable (vendors switch on it);
/// the messages are for people. Line, column and path point into the submitted document when known.
/// </summary>
public sealed record Finding(
    string Code,
    Severity Severity,
    string Message,
    string? MessageVi = null,
    int? Line = null,
    int? Column = null,
    string? Path = null);
