using Azure;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Findings;
using EFiling.Intake;
using EFiling.Functions.Hosting;
using EFiling.Functions.Http;
using EFiling.Receipts;
using EFiling.Review;
using EFiling.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EFiling.Functions.Endpoints;

/// <summary>
/// The review API for tax-office staff (/api/review/…): the queue, a filing rendered for a person, its parts, and
/// the officer's decisions. Every call needs a signed-in reviewer (<see cref="ReviewAccess"/>) and sees only the
/// offices in the reviewer's scope: another office's filing answers 403, in the API itself.
/// Under the Functions host these functions are authLevel anonymous: App Service Authentication sits in front.
/// </summary>
public static class ReviewEndpoints
{
    /// <param name="filings">/api/review/filings (ReviewModule: behind <see cref="ReviewAccess"/>, 401 and 403).</param>
    public static void Map(RouteGroupBuilder filings)
    {
        filings.MapGet("", ListAsync).WithName("ReviewListFilings")
            .WithSummary("The review queue: filings by status (NeedsReview, Rejected, Failed, Late), filtered, paged")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        // Every route about one filing answers 404 for an unknown id, 403 for another office's filing.
        var filing = filings.MapGroup("/{id}").ProducesProblems(StatusCodes.Status404NotFound);
        filing.MapGet("", GetAsync).WithName("ReviewGetFiling")
            .WithSummary("A filing for review: declaration, findings, certificate, history, audit, notices (ETag header)");
        filing.MapPost("/decision", DecideAsync).WithName("ReviewDecideFiling")
            .WithSummary("Accept, reject (with reason) or ask for a supplementary declaration; If-Match: the filing's ETag")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed,
                StatusCodes.Status428PreconditionRequired);
        filing.MapGet("/document", DocumentAsync).WithName("ReviewGetDocument").WithSummary("The declaration as submitted")
            .Produces<string>(StatusCodes.Status200OK, "application/xml");
        filing.MapGet("/receipt", ReceiptAsync).WithName("ReviewGetReceipt").WithSummary("The signed receipt")
            .Produces<string>(StatusCodes.Status200OK, "application/xml");
        filing.MapGet("/notices/{name}", NoticeAsync).WithName("ReviewGetNotice").WithSummary("A signed decision notice")
            .Produces<string>(StatusCodes.Status200OK, "application/xml");
    }

    private static async Task<Results<Ok<QueuePageJson>, ProblemHttpResult>> ListAsync(HttpContext http, OfficeProvinces provinces, ReviewQueue queue, StorageReady storage, CancellationToken ct,
        string? status = null, string? form = null, string? period = null, string? mst = null, string? office = null, int? pageSize = null, string? continuationToken = null)
    {
        var reviewer = ReviewAccess.Current(http);
        status ??= QueueQuery.Queues[0];
        if (!QueueQuery.Queues.Contains(status))
            return BadRequest(http, "UNKNOWN_QUEUE", $"status must be one of {string.Join(", ", QueueQuery.Queues)}.");
        if (!ContinuationToken.TryDecode(continuationToken, out var tableToken))
            return BadRequest(http, "INVALID_CONTINUATION_TOKEN", "The continuation token is not one this API gave.");
        var size = Math.Clamp(pageSize ?? QueueQuery.DefaultPageSize, 1, QueueQuery.MaxPageSize);

        await storage.EnsureAsync(ct);
        var scope = await ReviewScope.ForAsync(reviewer, provinces, ct);
        if (!string.IsNullOrWhiteSpace(office) && !await scope.CoversAsync(office.Trim(), ct))
            return Forbidden(http, $"Office {office} is not one of yours.");
        var query = new QueueQuery(status, form, period, mst, office, size, tableToken);
        if (scope.IsEmpty)
            return TypedResults.Ok(new QueuePageJson(status, [], null, QueueQuery.Queues.ToDictionary(q => q, _ => 0)));

        var (items, next) = await queue.PageAsync(scope, query, ct);
        var counts = tableToken is null ? await queue.CountAsync(scope, query, ct) : null;
        return TypedResults.Ok(new QueuePageJson(status, items, ContinuationToken.Encode(next), counts));
    }

    private static async Task<Results<Ok<FilingReviewJson>, ProblemHttpResult>> GetAsync(HttpContext http, string id, ReviewFilings filings, FilingHistory history, AuditLog audit,
        Notices notices, DocumentStore documents, Lazy<FormCatalogue> catalogue, CancellationToken ct)
    {
        var found = await filings.FindInScopeAsync(http, id, ct);
        if (found.Filing is not { } filing) return found.Refusal!;
        var bytes = await documents.ReadDocumentAsync(filing.Sha256, ct);
        var view = bytes is null ? null : DeclarationView.Read(bytes, catalogue.Value, filing.Form);
        var noticeNames = await notices.NamesAsync(id, ct);
        http.Response.Headers.ETag = filing.ETag.ToString();
        return TypedResults.Ok(new FilingReviewJson(
            filing.FilingId, filing.ETag.ToString(), filing.Status, filing.StatusChangedAtUtc, filing.Form, catalogue.Value.FormByCode(filing.Form)?.Name,
            filing.Mst, filing.Period, filing.PeriodKey, filing.Office, filing.OfficeName, filing.ReceivedAtUtc, filing.TransactionCode,
            filing.FilingKind, filing.AmendmentNumber, view, CertificateView.From(filing.ToFacts().Signer),
            StoredFindings.Deserialize(filing.FindingsJson).Select(ProblemError.From).ToList(),
            FilingHistory.WithReceived(await history.ListAsync(id, ct), id, filing.ReceivedAtUtc).Select(h => new HistoryJson(h.Status, h.AtUtc, h.Note)).ToList(),
            await audit.ListAsync(id, ct),
            noticeNames.Select(n => new NoticeLink(n, ReviewLinks.Notice(id, n))).ToList(),
            ReviewLinks.For(id),
            ReviewDecisions.Actionable.Contains(filing.Status) ? ["accept", "reject", "supplementary"] : []));
    }

    private static async Task<Results<Ok<DecisionJson>, ProblemHttpResult>> DecideAsync(HttpContext http, string id, DecisionRequest body, ReviewFilings filings, ReviewDecisions decisions, CancellationToken ct)
    {
        // JSON only: with the SameSite=Strict cookie, a form on another site cannot post a decision.
        if (ReviewDecisions.Parse(body.Decision ?? "") is null)
            return BadRequest(http, "UNKNOWN_DECISION", "decision must be accept, reject or supplementary.");
        var reason = body.Reason?.Trim();
        if (body.Decision != "accept" && string.IsNullOrEmpty(reason))
            return BadRequest(http, "REASON_REQUIRED", "A rejection or a request for a supplementary declaration needs a reason.");
        if (reason is { Length: > 2000 }) return BadRequest(http, "REASON_TOO_LONG", "The reason is limited to 2000 characters.");
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(ifMatch))
            return Problems.Single(http, 428, ReviewProblems.PreconditionRequired, "If-Match required", "IF_MATCH_REQUIRED",
                "Send the ETag of the filing you reviewed as If-Match, so a decision never overwrites another one unseen.");

        var found = await filings.FindInScopeAsync(http, id, ct);
        if (found.Filing is not { } filing) return found.Refusal!;
        var outcome = await decisions.DecideAsync(filing, new ETag(ifMatch), body.Decision!, reason, ReviewAccess.Current(http), ct);
        switch (outcome)
        {
            case ReviewDecisions.Outcome.Done done:
                http.Response.Headers.ETag = done.ETag.ToString();
                return TypedResults.Ok(new DecisionJson(id, done.Status, done.Notice, ReviewLinks.Notice(id, done.Notice), done.ETag.ToString()));
            case ReviewDecisions.Outcome.Stale stale:
                return Problems.Single(http, 412, ReviewProblems.PreconditionFailed, "The filing has changed", "FILING_CHANGED",
                    $"Someone changed this filing since you opened it (now {stale.CurrentStatus}). Reload it and decide again.");
            default:
                var notActionable = (ReviewDecisions.Outcome.NotActionable)outcome;
                return Problems.Single(http, 409, ReviewProblems.Conflict, "Already decided", "FILING_NOT_ACTIONABLE",
                    $"The filing is {notActionable.CurrentStatus}; only NeedsReview or Failed filings take a decision.");
        }
    }

    private static async Task<Results<XmlBytesResult, ProblemHttpResult>> DocumentAsync(HttpContext http, string id, ReviewFilings filings, DocumentStore documents, CancellationToken ct)
    {
        var found = await filings.FindInScopeAsync(http, id, ct);
        if (found.Filing is not { } filing) return found.Refusal!;
        return await documents.ReadDocumentAsync(filing.Sha256, ct) is { } bytes ? new XmlBytesResult(bytes.ToMemory()) : NotFound(http, id);
    }

    /// <summary>The receipt, made again from the filing's facts (byte-identical to the one the filer got).</summary>
    private static async Task<Results<XmlBytesResult, ProblemHttpResult>> ReceiptAsync(HttpContext http, string id, ReviewFilings filings, ReceiptDocument receipts, CancellationToken ct)
    {
        var found = await filings.FindInScopeAsync(http, id, ct);
        if (found.Filing is not { } filing) return found.Refusal!;
        return new XmlBytesResult(receipts.Create(filing.ToFacts()).ToMemory());
    }

    private static async Task<Results<XmlBytesResult, ProblemHttpResult>> NoticeAsync(HttpContext http, string id, string name, ReviewFilings filings, Notices notices, CancellationToken ct)
    {
        if (name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return NotFound(http, id);
        var found = await filings.FindInScopeAsync(http, id, ct);
        if (found.Filing is null) return found.Refusal!;
        return await notices.ReadAsync(id, name, ct) is { } bytes ? new XmlBytesResult(bytes.ToMemory()) : NotFound(http, id);
    }

    private static ProblemHttpResult BadRequest(HttpContext http, string code, string message) =>
        Problems.Single(http, 400, ReviewProblems.BadRequest, "Bad request", code, message);

    private static ProblemHttpResult Forbidden(HttpContext http, string message) =>
        Problems.Single(http, 403, ReviewProblems.Forbidden, "Not your office", "OFFICE_NOT_IN_SCOPE", message);

    private static ProblemHttpResult NotFound(HttpContext http, string id) =>
        Problems.Single(http, 404, ProblemTypes.NotFound, "Not found", "FILING_NOT_FOUND", $"There is no such part of filing '{id}'.");
}
