using EFiling.Functions.Filings;
using EFiling.Functions.Http;
using EFiling.Functions.Receipts;
using EFiling.Storage;

namespace EFiling.Functions.Endpoints;

/// <summary>A filing's status (Received, Accepted, Rejected, NeedsReview, Failed), its receipt facts and history.</summary>
public sealed record FilingStatusJson(
    string Id, string Status, DateTimeOffset StatusChangedAtUtc, ReceiptJson Receipt,
    IReadOnlyList<ProblemError> Findings, IReadOnlyList<HistoryJson> History, FilingLinks Links)
{
    public static FilingStatusJson From(FilingEntity filing, IReadOnlyList<HistoryEntity> history) => new(
        filing.FilingId, filing.Status, filing.StatusChangedAtUtc, ReceiptJson.From(filing.ToFacts()),
        StoredFindings.Deserialize(filing.FindingsJson).Select(ProblemError.From).ToList(),
        history.Select(h => new HistoryJson(h.Status, h.AtUtc, h.Note)).ToList(),
        FilingLinks.For(filing.FilingId));
}

/// <summary>One step in a filing's life.</summary>
public sealed record HistoryJson(string Status, DateTimeOffset AtUtc, string? Note);

/// <summary>Where the filing's parts are.</summary>
public sealed record FilingLinks(string Self, string Receipt, string Document)
{
    public static FilingLinks For(string id) => new($"/api/filings/{id}", $"/api/filings/{id}/receipt", $"/api/filings/{id}/document");
}
