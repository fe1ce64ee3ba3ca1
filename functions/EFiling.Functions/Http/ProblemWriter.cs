using EFiling.Functions.Endpoints;
using EFiling.Functions.Telemetry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Http;

/// <summary>
/// The one writer of problem+json, behind the framework's <see cref="IProblemDetailsService"/>: our own refusals
/// (<see cref="Problems"/>), unhandled exceptions (the exception handler), the framework's empty 401/404/405/…
/// answers (status code pages) and 429 from the rate limiter all come through here, so every problem has the same
/// shape: type, title, status, detail, instance, <c>code</c>, <c>errors</c> and <c>traceId</c> (the correlation id).
/// Registered before the framework's default writer, and it writes whatever the Accept header says (the default one
/// gives up unless JSON is acceptable, which would leave an XML client's 500 without a body).
/// </summary>
public sealed class ProblemWriter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        Complete(problem, http);
        // Never the exception's own message: it may name storage accounts, paths or keys. The log has it, under the same id.
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, json.Value.SerializerOptions, Problems.ContentType));
    }

    /// <summary>Gives a problem the framework made (no <c>errors</c>) our type and code for its status, and every problem
    /// its <c>code</c> and <c>traceId</c>.</summary>
    private static void Complete(ProblemDetails problem, HttpContext http)
    {
        var status = problem.Status ?? 500;
        if (!problem.Extensions.TryGetValue(Problems.ErrorsKey, out var errors) || errors is not IReadOnlyList<ProblemError> list)
        {
            var (type, title, code, message) = Framework(status, http);
            problem.Type = type;
            problem.Title = title;
            problem.Detail = message;
            list = [new ProblemError(code, message, null, "reject", null, null, null)];
            problem.Extensions[Problems.ErrorsKey] = list;
        }
        problem.Instance ??= http.Request.Path;
        problem.Extensions.Remove(Problems.CodeKey);
        problem.Extensions.Remove(Problems.TraceIdKey);
        // Order of the keys: code before errors before traceId, whatever order they came in.
        var rest = problem.Extensions.ToList();
        problem.Extensions.Clear();
        problem.Extensions[Problems.CodeKey] = list.Count > 0 ? list[0].Code : $"HTTP_{status}";
        foreach (var (key, value) in rest) problem.Extensions[key] = value;
        problem.Extensions[Problems.TraceIdKey] = Correlation.Id(http);
    }

    /// <summary>What the framework's own answers mean, in our vocabulary (stable codes like every other problem).</summary>
    private static (string Type, string Title, string Code, string Message) Framework(int status, HttpContext http) => status switch
    {
        400 => (ReviewProblems.BadRequest, "Bad request", "BAD_REQUEST", "The request could not be read."),
        401 => (ReviewProblems.Unauthenticated, "Sign-in required", "SIGN_IN_REQUIRED", "This needs a signed-in user."),
        403 => (ReviewProblems.Forbidden, "Forbidden", "FORBIDDEN", "This user may not do that."),
        404 => (ProblemTypes.NotFound, "Not found", "NOT_FOUND", $"There is nothing at {http.Request.Path}."),
        405 => (ProblemTypes.MethodNotAllowed, "Method not allowed", "METHOD_NOT_ALLOWED", $"{http.Request.Method} is not allowed on {http.Request.Path}."),
        413 => (ProblemTypes.TooLarge, "Body too large", "DOC_TOO_LARGE", "The request body is larger than this service accepts."),
        415 => (ProblemTypes.UnsupportedMediaType, "Unsupported media type", "UNSUPPORTED_MEDIA_TYPE", $"'{http.Request.ContentType ?? "(none)"}' is not accepted here."),
        429 => (ProblemTypes.RateLimited, "Too many requests", "RATE_LIMITED", "Too many requests; wait as long as Retry-After says."),
        >= 500 => (ProblemTypes.InternalError, "Internal error", "INTERNAL_ERROR",
            "The service failed to handle the request. Nothing was acknowledged unless a receipt was returned; quote the traceId when reporting it."),
        _ => (ProblemTypes.Base + $"http-{status}", "Request failed", $"HTTP_{status}", $"The request failed with status {status}."),
    };
}
