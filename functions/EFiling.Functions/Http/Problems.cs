using EFiling.Declarations.Findings;
using EFiling.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EFiling.Functions.Http;

/// <summary>Builds the RFC 9457 problem+json refusals, always with an <c>errors</c> array. They are written by the
/// framework's <see cref="IProblemDetailsService"/> (<see cref="ProblemWriter"/>), like its own error answers.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    // The extension members every problem carries (ProblemWriter fills code and traceId).
    public const string CodeKey = "code";
    public const string ErrorsKey = "errors";
    public const string TraceIdKey = "traceId";

    public static ProblemHttpResult Create(HttpContext context, int status, string type, string title, string detail, IEnumerable<ProblemError> errors) =>
        TypedResults.Problem(new ProblemDetails
        {
            Type = type, Title = title, Status = status, Detail = detail, Instance = context.Request.Path,
            Extensions = { [ErrorsKey] = errors.ToList() },
        });

    public static ProblemHttpResult Single(HttpContext context, int status, string type, string title, string code, string message) =>
        Create(context, status, type, title, message, [new ProblemError(code, message, null, "reject", null, null, null)]);

    /// <summary>Documents problem+json answers (in the <see cref="FilingProblem"/> shape) with these statuses: on a group,
    /// once for every endpoint in it.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses) builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(FilingProblem), [ContentType]));
        return builder;
    }

    /// <summary>The refusal for a document the checks did not accept: 413, 400 or 422 with every finding.</summary>
    public static IResult Refusal(HttpContext context, ValidationResult verdict)
    {
        var errors = verdict.Findings.Where(f => f.Severity == Severity.Reject).Select(ProblemError.From).ToList();
        if (errors.Count == 0) errors = verdict.Findings.Select(ProblemError.From).ToList();
        return verdict.Outcome switch
        {
            ValidationOutcome.TooLarge => Create(context, 413, ProblemTypes.TooLarge, "Document too large",
                "The declaration is larger than this service accepts.", errors),
            ValidationOutcome.Malformed => Create(context, 400, ProblemTypes.Malformed, "Not well-formed XML",
                "The body is not a well-formed XML declaration.", errors),
            _ => Create(context, 422, TypeFor(errors), "Declaration refused",
                $"The declaration was refused: {errors.Count} error(s).", errors),
        };
    }

    /// <summary>The type names the first failing stage, in the order the checks run.</summary>
    private static string TypeFor(IReadOnlyList<ProblemError> errors)
    {
        bool Any(string prefix) => errors.Any(e => e.Code.StartsWith(prefix, StringComparison.Ordinal));
        if (Any("SCHEMA_") || Any("DOC_") || Any("HDR_") || Any("DOSSIER_") || Any("XML_")) return ProblemTypes.SchemaInvalid;
        if (Any("SIG_")) return ProblemTypes.SignatureInvalid;
        if (Any("CERT_")) return ProblemTypes.CertificateInvalid;
        return errors.Count > 0 ? ProblemTypes.RuleViolation : ProblemTypes.DeclarationInvalid;
    }
}
