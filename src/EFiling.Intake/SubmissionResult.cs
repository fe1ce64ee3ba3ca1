using EFiling.Storage;
using EFiling.Validation;

namespace EFiling.Intake;

/// <summary>What became of a submission: a new filing (202), a byte-identical resubmission (200), or a refusal. The
/// receipt is made from the facts when it is answered (XML), and made again, byte-identical, whenever asked.</summary>
public abstract record SubmissionResult
{
    public sealed record Acknowledged(FilingFacts Facts, bool Created) : SubmissionResult;

    public sealed record Refused(ValidationResult Verdict) : SubmissionResult;
}
