namespace EFiling.Signing;

/// <summary>How much a finding weighs: a reject makes the signature unacceptable, a warn is recorded only.</summary>
public enum FindingSeverity
{
    Warn,
    Reject,
}
