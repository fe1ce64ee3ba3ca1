namespace EFiling.Declarations.Findings;

/// <summary>How much a finding weighs: Reject refuses the filing, Review sends it to an officer, Warn only informs.</summary>
public enum Severity
{
    Warn,
    Review,
    Reject,
}
