using EFiling.Declarations.Findings;
using EFiling.Functions.Http;
using EFiling.Receipts;
using EFiling.Storage;

namespace EFiling.Functions.Endpoints;

/// <summary>A filing's status (Received, Accepted, Rejected, NeedsReview, Failed), its receipt facts and history.</summary>
/// <param name="Id">The filing id.</param>
/// <param name="Status">Received, Accepted, Rejected, NeedsReview or Failed.</param>
/// <param name="StatusChangedAtUtc">When the status last changed.</param>
/// <param name="PeriodKey">The sortable period key (2024-M10, 2024-Q3, 2024-Y, 2024-D1015) used in storage keys.</param>
/// <param name="Receipt">The receipt's facts.</param>
/// <param name="Findings">Every finding: the intake's review and warn ones, then reconciliation's (all severities).</param>
/// <param name="DaysLate">Days after the deadline the filing was received (0: on time or not yet reconciled).</param>
/// <param name="Replaces">For a second original filed before the deadline: the id of the earlier original it replaces.</param>
/// <param name="ReplacedBy">For an original replaced that way: the id of the later original that replaced it.</param>
/// <param name="History">Every step so far, oldest first; a row with status Replaced says a later original replaced it.</param>
/// <param name="Links">Where the receipt and the original document are.</param>
/// <param name="Signer">The certificate intake verified the signature with, as recorded (what reconciliation checks against
/// the registry); null for a filing stored before signers were recorded.</param>
/// <param name="Test">True for a test filing (X-EFiling-Test); absent for a real one.</param>
public sealed record FilingStatusJson(
    string Id, string Status, DateTimeOffset StatusChangedAtUtc, string PeriodKey, ReceiptJson Receipt,
    IReadOnlyList<ProblemError> Findings, int DaysLate, string? Replaces, string? ReplacedBy, IReadOnlyList<HistoryJson> History, FilingLinks Links,
    SignerJson? Signer,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] bool? Test = null)
{
    public static FilingStatusJson From(FilingEntity filing, IReadOnlyList<HistoryEntity> history) => new(
        filing.FilingId, filing.Status, filing.StatusChangedAtUtc, filing.PeriodKey, ReceiptJson.From(filing.ToFacts()),
        StoredFindings.Deserialize(filing.FindingsJson).Select(ProblemError.From).ToList(), filing.DaysLate,
        filing.Replaces, filing.ReplacedBy,
        history.Select(h => new HistoryJson(h.Status, h.AtUtc, h.Note)).ToList(),
        FilingLinks.For(filing.FilingId),
        filing.ToFacts().Signer is { } signer ? new SignerJson(signer.Thumbprint, signer.Subject) : null);
}

/// <summary>Who signed: the certificate's SHA-1 thumbprint (upper-case hex, as registered) and its subject.</summary>
public sealed record SignerJson(string Thumbprint, string Subject);

/// <summary>One step in a filing's life: a filing status, or Replaced (the filing itself keeps its status).</summary>
public sealed record HistoryJson(string Status, DateTimeOffset AtUtc, string? Note);

/// <summary>Where the filing's parts are.</summary>
public sealed record FilingLinks(string Self, string Receipt, string Document, string Notifications)
{
    public static FilingLinks For(string id) => new($"/api/filings/{id}", $"/api/filings/{id}/receipt", $"/api/filings/{id}/document", $"/api/filings/{id}/notifications");
}
