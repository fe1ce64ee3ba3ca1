using EFiling.Declarations.Findings;

namespace EFiling.Functions.Http;

/// <summary>One entry of a problem's <c>errors</c> array: a finding, located in the submitted document when known.</summary>
/// <param name="Code">Stable machine-readable code (e.g. SCHEMA_MISSING_ELEMENT, SIG_INVALID, GTGT-027).</param>
/// <param name="Message">For people, in English.</param>
/// <param name="MessageVi">For people, in Vietnamese, when available.</param>
/// <param name="Severity">reject, review or warn.</param>
/// <param name="Line">1-based line in the submitted document.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Path">Element path, e.g. /HSoThueDTu/HSoKhaiThue/CTieuTKhaiChinh/ct27.</param>
public sealed record ProblemError(string Code, string Message, string? MessageVi, string Severity, int? Line, int? Column, string? Path)
{
    public static ProblemError From(Finding f) =>
        new(f.Code, f.Message, f.MessageVi, f.Severity.ToString().ToLowerInvariant(), f.Line, f.Column, f.Path);
}

/// <summary>The problem+json body (RFC 9457) every refusal and error has; documented in the OpenAPI description
/// (written by <see cref="ProblemWriter"/>).</summary>
/// <param name="Type">Stable problem type, https://efiling.vn/problems/{name}.</param>
/// <param name="Title">Short summary for people.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Detail">What happened, for people.</param>
/// <param name="Instance">The request path.</param>
/// <param name="Code">The first error's code: what a client switches on.</param>
/// <param name="Errors">Every finding, not just the first.</param>
/// <param name="TraceId">The correlation id (also the X-Correlation-Id header): quote it when reporting a problem.</param>
public sealed record FilingProblem(string Type, string Title, int Status, string? Detail, string? Instance, string Code, IReadOnlyList<ProblemError> Errors, string TraceId);
