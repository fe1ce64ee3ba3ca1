using EFiling.Declarations.Findings;

namespace EFiling.Functions.Review;

/// <summary>
/// Issues the signed decision notice (notice.xsd, role of 01-2/TB-TĐT) for an officer's decision. One interface so
/// the review actions do not depend on how notices are built: <see cref="SignedNoticeIssuer"/> until the
/// reconciliation's notice builder is shared, which can then implement this.
/// </summary>
public interface INoticeIssuer
{
    /// <summary>Writes the notice (create-only, one per decision step) and returns its name.</summary>
    Task<string> IssueAsync(NoticeRequest request, CancellationToken ct);

    /// <summary>The names of a filing's notices, oldest first.</summary>
    Task<IReadOnlyList<string>> ListAsync(string filingId, CancellationToken ct);

    Task<BinaryData?> ReadAsync(string filingId, string name, CancellationToken ct);
}

/// <summary>What a decision notice states. Result: Accepted, Rejected or NeedsSupplementary (notice.xsd KetQua).</summary>
public sealed record NoticeRequest(
    string FilingId, string TransactionCode, int Step, string Result, DateTimeOffset DecidedAt, string DecidedBy, string? Reason,
    IReadOnlyList<Finding> Findings, int DaysLate);
