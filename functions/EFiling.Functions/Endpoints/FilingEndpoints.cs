using Azure;
using EFiling.Intake;
using EFiling.Functions.Hosting;
using EFiling.Functions.Http;
using EFiling.Functions.RateLimiting;
using EFiling.Functions.Telemetry;
using EFiling.Functions.TestMode;
using EFiling.Receipts;
using EFiling.ServiceDefaults;
using EFiling.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Endpoints;

/// <summary>The filing API: submit a declaration, then read its status, receipt and original bytes.
/// Each endpoint's name is the name of its function folder (functions/{Name}/function.json).</summary>
public static class FilingEndpoints
{
    /// <param name="filings">/api/filings (FunctionsApp: tag Filings, 429).</param>
    /// <param name="filing">/api/filings/{id} (404 for an unknown id).</param>
    public static void Map(RouteGroupBuilder filings, RouteGroupBuilder filing)
    {
        filings.MapPost("", SubmitAsync).WithName("SubmitFiling")
            .WithSummary("Submit a signed declaration")
            .WithDescription("Body: the declaration's exact bytes. 202 with the signed receipt for a new filing; 200 with the same receipt for byte-identical content already received. Accept: application/json returns the receipt's facts as JSON; ?format=tbaothue (or Accept: application/vnd.efiling.tbaothue+xml) the receipt in the tax authority's reply envelope (schemas/notifications/tbaothue.xsd).")
            // Documented, not enforced by routing: we answer a wrong media type ourselves with problem+json.
            .AddOpenApiOperationTransformer(XmlRequestBody.Describe)
            // Negotiated (signed XML, JSON or the tax authority's envelope), so not one typed result: stated here.
            .Produces<ReceiptJson>(StatusCodes.Status202Accepted, "application/xml", "application/json")
            .Produces<ReceiptJson>(StatusCodes.Status200OK, "application/xml", "application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);

        filing.MapGet("", GetFilingAsync).WithName("GetFiling")
            .WithSummary("A filing's status and history");

        filing.MapGet("/receipt", GetReceiptAsync).WithName("GetFilingReceipt")
            .WithSummary("The signed receipt (XML), its facts as JSON, or ?format=tbaothue the tax authority's envelope")
            .Produces<ReceiptJson>(StatusCodes.Status200OK, "application/xml", "application/json");

        filing.MapGet("/document", GetDocumentAsync).WithName("GetFilingDocument")
            .WithSummary("The declaration exactly as submitted")
            .Produces<string>(StatusCodes.Status200OK, "application/xml");
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, SubmissionService submissions, ReceiptDocument receipts, IOptions<EFilingOptions> options,
        SignerLimit signers, IOptions<RateLimitOptions> limits, ILogger<SubmissionService> logger, CancellationToken ct)
    {
        var request = context.Request;
        if (!RequestBody.IsXml(request))
            return Problems.Single(context, 415, ProblemTypes.UnsupportedMediaType, "Unsupported media type", "UNSUPPORTED_MEDIA_TYPE",
                $"Send the declaration as application/xml or text/xml, not '{request.ContentType ?? "(none)"}'.");

        var max = options.Value.MaxDocumentBytes;
        if (await RequestBody.ReadAsync(request, max, ct) is not { } bytes)
            return Problems.Single(context, 413, ProblemTypes.TooLarge, "Document too large", "DOC_TOO_LARGE",
                $"The declaration is larger than {max} bytes.");

        var tests = context.RequestServices.GetRequiredService<TestFilings>();
        if (TestFilings.Requested(request) is not { } test)
            return Problems.Single(context, 400, ProblemTypes.TestMode, "Test header invalid", "TEST_HEADER_INVALID",
                $"{TestFilings.Header} must be sent once, as true or false.");
        if (test && !tests.Enabled)
            return Problems.Single(context, 403, ProblemTypes.TestMode, "Test filings are off", "TEST_MODE_DISABLED",
                "This service does not take test filings.");

        // Before the checks, on the signer the document claims; spent below only by a verified new filing. Test filings
        // have budgets of their own (same limits), so testing never uses up a taxpayer's real filings, nor the reverse.
        using var admission = signers.Admit(SignerClaims.Read(bytes.AsSpan()), test);
        if (admission.RetryAfter is { } retryAfter) return RateLimits.SignerRefused(context, retryAfter, limits.Value);

        var vendor = ClientPartitions.Key(request);
        SubmissionResult result;
        try
        {
            result = test ? await tests.SubmitAsync(bytes, vendor, ct) : await submissions.SubmitAsync(bytes, ct, vendor);
        }
        catch (Exception e) when (e.IsStorageFailure())
        {
            context.Response.Headers.RetryAfter = "30";
            var why = e is RequestFailedException { Status: > 0 } answered ? $"storage answered {answered.Status}" : "storage could not be reached";
            return Problems.Single(context, 503, ProblemTypes.StorageUnavailable, "Storage unavailable", "STORAGE_UNAVAILABLE",
                $"The declaration could not be stored ({why}); nothing was acknowledged. Send it again later.");
        }

        if (result is SubmissionResult.Refused refused)
        {
            var refusal = Problems.Refusal(context, refused.Verdict);
            SubmitTelemetry.Record(logger, result, (refusal as IStatusCodeHttpResult)?.StatusCode ?? 422, test);
            return refusal;
        }
        SubmitTelemetry.Record(logger, result, 0, test);
        admission.Spend(result);
        var acknowledged = (SubmissionResult.Acknowledged)result;
        context.Response.Headers.Location = FilingLinks.For(acknowledged.Facts.Id).Self;
        return Receipt(context, acknowledged.Facts, receipts, acknowledged.Created ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    private static async Task<Results<Ok<FilingStatusJson>, ProblemHttpResult>> GetFilingAsync(HttpContext context, string id, FilingIndex index,
        FilingHistory history, StorageReady storage, TestFilings tests, CancellationToken ct)
    {
        if (await FindAsync(id, index, storage, ct) is not { } filing)
            return await FindTestAsync(id, tests, ct) is { } test ? TypedResults.Ok(tests.Status(test)) : NotFound(context, id);
        return TypedResults.Ok(FilingStatusJson.From(filing, FilingHistory.WithReceived(await history.ListAsync(id, ct), id, filing.ReceivedAtUtc)));
    }

    /// <summary>The receipt, made again from the filing's facts: byte-identical to the one the filer got.</summary>
    private static async Task<IResult> GetReceiptAsync(HttpContext context, string id, FilingIndex index, ReceiptDocument receipts, StorageReady storage, TestFilings tests, CancellationToken ct)
    {
        var facts = (await FindAsync(id, index, storage, ct))?.ToFacts() ?? await FindTestAsync(id, tests, ct);
        return facts is null ? NotFound(context, id) : Receipt(context, facts, receipts, StatusCodes.Status200OK);
    }

    private static async Task<Results<XmlBytesResult, ProblemHttpResult>> GetDocumentAsync(HttpContext context, string id, FilingIndex index, DocumentStore documents, StorageReady storage, TestFilings tests, CancellationToken ct)
    {
        BinaryData? bytes;
        if (await FindAsync(id, index, storage, ct) is { } filing) bytes = await documents.ReadDocumentAsync(filing.Sha256, ct);
        else bytes = await FindTestAsync(id, tests, ct) is { } test ? await tests.ReadDocumentAsync(test.Sha256, ct) : null;
        return bytes is null ? NotFound(context, id) : new XmlBytesResult(bytes.ToMemory());
    }

    /// <summary>Not a real filing: a test filing, kept apart (one listing more, only for an id that is not a real filing's).</summary>
    private static async Task<FilingFacts?> FindTestAsync(string id, TestFilings tests, CancellationToken ct) =>
        FilingKeys.IsValidId(id) ? await tests.FindAsync(id, ct) : null;

    private static async Task<FilingEntity?> FindAsync(string id, FilingIndex index, StorageReady storage, CancellationToken ct)
    {
        if (!FilingKeys.IsValidId(id)) return null;
        await storage.EnsureAsync(ct);
        return await index.FindByIdAsync(id, ct);
    }

    /// <summary>The receipt's facts as JSON, the signed receipt made from them (only then: signing costs an RSA
    /// operation), or the same facts in the tax authority's envelope (TBaoThue 843): ?format=tbaothue or its media type.</summary>
    private static IResult Receipt(HttpContext context, FilingFacts facts, ReceiptDocument receipts, int status)
    {
        if (ContentNegotiation.TaxAuthorityShape(context.Request) is { } shape)
            return new XmlBytesResult(context.RequestServices.GetRequiredService<TaxAuthorityReply>().Receipt(facts).ToMemory(), status, shape);
        return ContentNegotiation.WantsJson(context.Request)
            ? Results.Json(ReceiptJson.From(facts, Correlation.Id(context)), statusCode: status)
            : new XmlBytesResult(receipts.Create(facts).ToMemory(), status);
    }

    private static ProblemHttpResult NotFound(HttpContext context, string id) =>
        Problems.Single(context, 404, ProblemTypes.NotFound, "No such filing", "FILING_NOT_FOUND", $"There is no filing '{id}'.");
}
