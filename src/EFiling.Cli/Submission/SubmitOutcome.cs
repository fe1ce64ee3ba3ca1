namespace EFiling.Cli.Submission;

/// <summary>What the service answered for one file. <paramref name="Attempts"/>: the status of every try, in order
/// (0 = no answer); <paramref name="TransactionCode"/> and <paramref name="ReceivedAtUtc"/> come from the receipt.</summary>
public sealed record SubmitOutcome(string File, int Status, TimeSpan Latency, string? FilingId, IReadOnlyList<string> ErrorCodes, string? Failure)
{
    public bool Acknowledged => Status is 200 or 202;

    /// <summary>How `efiling submit --out` writes an outcome (one JSON line) and `efiling chaos check` reads it.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);

    public string Sha256 { get; init; } = "";
    public IReadOnlyList<int> Attempts { get; init; } = [];
    public string? TransactionCode { get; init; }
    public string? ReceivedAtUtc { get; init; }
}
