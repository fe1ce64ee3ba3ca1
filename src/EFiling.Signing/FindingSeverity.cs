namespace EFiling.Signing;

/// <summary>How much a finding weighs: a reject makes the signature unacceptable, a review accepts it for a human
/// to decide (e.g. revocation unknown), a warn is recorded only.</summary>
public enum FindingSeverity
{
    Warn,
    Review,
    Reject,
}
