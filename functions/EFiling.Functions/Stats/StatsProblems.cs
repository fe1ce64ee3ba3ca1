using EFiling.Functions.Http;
using EFiling.Statistics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EFiling.Functions.Stats;

/// <summary>The statistics API's refusals, problem+json like every other, with stable codes in <c>errors</c>.</summary>
public static class StatsProblems
{
    /// <summary>GET /api/stats with a bad parameter (400): codes STATS_*.</summary>
    public const string InvalidParameter = ProblemTypes.Base + "invalid-parameter";

    /// <summary>A counter filing or payment with invalid fields or rows (422): codes INPUT_*, SCHEMA_INVALID, CSV_MALFORMED.</summary>
    public const string InputInvalid = ProblemTypes.Base + "input-invalid";

    public static ProblemHttpResult Parameters(HttpContext context, IEnumerable<(string Code, string Parameter, string Message)> errors) =>
        Problems.Create(context, 400, InvalidParameter, "Invalid parameter", "A query parameter is not valid.",
            errors.Select(e => new ProblemError(e.Code, e.Message, null, "reject", null, null, e.Parameter)));

    /// <summary>Bodies that are not XML or JSON at all, or beyond the parser's limits, are 400 (like declarations); everything
    /// else is 422.</summary>
    public static ProblemHttpResult Input(HttpContext context, IReadOnlyList<InputError> errors)
    {
        var malformed = errors.All(e => e.Code is "XML_MALFORMED" or "XML_DTD_PROHIBITED" or "XML_TRUNCATED" or "DOC_EMPTY" or JsonMalformed
            or "DOC_TOO_DEEP" or "DOC_TOO_MANY_ELEMENTS" or "DOC_TOO_MANY_ATTRIBUTES" or "DOC_NAME_TOO_LONG" or "DOC_TEXT_TOO_LONG");
        return Problems.Create(context, malformed ? 400 : 422, malformed ? ProblemTypes.Malformed : InputInvalid,
            malformed ? "Malformed body" : "Input refused", $"Nothing was recorded: {errors.Count} error(s).",
            errors.Select(e => new ProblemError(e.Code, e.Message, null, "reject", e.Line, null, e.Field)));
    }

    public const string JsonMalformed = "INPUT_JSON_MALFORMED";

    public static ProblemHttpResult UnsupportedMediaType(HttpContext context, string expected) =>
        Problems.Single(context, 415, ProblemTypes.UnsupportedMediaType, "Unsupported media type", "UNSUPPORTED_MEDIA_TYPE",
            $"Send {expected}, not '{context.Request.ContentType ?? "(none)"}'.");

    public static ProblemHttpResult TooLarge(HttpContext context, long max) =>
        Problems.Single(context, 413, ProblemTypes.TooLarge, "Body too large", "DOC_TOO_LARGE", $"The body is larger than {max} bytes.");
}
