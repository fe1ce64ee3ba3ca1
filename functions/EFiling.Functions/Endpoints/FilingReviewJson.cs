using EFiling.Declarations.Catalogue;
using EFiling.Functions.Endpoints;
using EFiling.Functions.Http;
using EFiling.Review;
using EFiling.Storage;

namespace EFiling.Functions.Endpoints;

/// <summary>Everything the filing page shows: facts, the rendered declaration, the signer's certificate, findings,
/// history, audit, notices, links, and the decisions still open. ETag: send it back as If-Match with a decision.</summary>
public sealed record FilingReviewJson(
    string Id, string ETag, string Status, DateTimeOffset StatusChangedAtUtc, string Form, LocalizedText? FormName, string Mst,
    string Period, string PeriodKey, string Office, string? OfficeName, DateTimeOffset ReceivedAtUtc, string TransactionCode,
    string FilingKind, int AmendmentNumber, DeclarationView? Declaration, CertificateView? Certificate, IReadOnlyList<ProblemError> Findings,
    IReadOnlyList<HistoryJson> History, IReadOnlyList<AuditEntry> Audit, IReadOnlyList<NoticeLink> Notices,
    ReviewLinks Links, IReadOnlyList<string> Decisions);

/// <summary>The signer's certificate as intake verified and recorded it (null for a filing stored without that record).</summary>
public sealed record CertificateView(string Subject, string Issuer, DateTime NotBeforeUtc, DateTime NotAfterUtc, string SerialNumber, string Thumbprint, string? Mst)
{
    public static CertificateView? From(FilingSigner? signer) => signer is null ? null
        : new(signer.Subject, signer.Issuer, signer.NotBeforeUtc.UtcDateTime, signer.NotAfterUtc.UtcDateTime, signer.SerialNumber, signer.Thumbprint, signer.Mst);
}

public sealed record NoticeLink(string Name, string Href);

public sealed record ReviewLinks(string Self, string Document, string Receipt, string Decision)
{
    public static ReviewLinks For(string id) => new($"/api/review/filings/{id}", $"/api/review/filings/{id}/document",
        $"/api/review/filings/{id}/receipt", $"/api/review/filings/{id}/decision");

    public static string Notice(string id, string name) => $"/api/review/filings/{id}/notices/{name}";
}

/// <summary>A decision: accept, reject or supplementary; a reason is required for the last two.</summary>
public sealed record DecisionRequest(string? Decision, string? Reason);

public sealed record DecisionJson(string Id, string Status, string Notice, string NoticeHref, string ETag);

/// <summary>A queue page: items, the token for the next page (absent on the last), counts per queue (first page).</summary>
public sealed record QueuePageJson(string Status, IReadOnlyList<QueueItem> Items, string? ContinuationToken, IReadOnlyDictionary<string, int>? Counts);

/// <summary>The signed-in reviewer as the pages see it.</summary>
public sealed record ReviewerJson(string Name, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Offices, IReadOnlyList<string> Provinces, string Mode);
