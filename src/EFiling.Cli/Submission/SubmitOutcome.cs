namespace EFiling.Cli.Submission;

/// <summary>What the service answered for one file.</summary>
public sealed record SubmitOutcome(string File, int Status, TimeSpan Latency, string? FilingId, IReadOnlyList<string> ErrorCodes, string? Failure)
{
    public bool Acknowledged => Status is 200 or 202;
}
