using EFiling.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using EFiling.Review;

namespace EFiling.Functions.Endpoints;

/// <summary>
/// The gate of every review endpoint: a signed-in user with a review role, or 401/403 problem+json. A function key
/// (x-functions-key, ?code=) is not a user and opens nothing here. The reviewer is then a handler parameter.
/// </summary>
public static class ReviewAccess
{
    private const string ItemKey = "efiling.reviewer";

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated != true)
            return Unauthenticated(http);
        if (Reviewer.From(http.User) is not { } reviewer)
            return Problems.Single(http, 403, ReviewProblems.Forbidden, "Forbidden", "REVIEW_ROLE_REQUIRED",
                "You are signed in but hold no review role (officer, supervisor or administrator).");
        http.Items[ItemKey] = reviewer;
        return await next(context);
    }

    public static ProblemHttpResult Unauthenticated(HttpContext http) =>
        Problems.Single(http, 401, ReviewProblems.Unauthenticated, "Sign-in required", "SIGN_IN_REQUIRED",
            "Sign in as a tax-office reviewer; a function key does not identify a person.");

    public static Reviewer Current(HttpContext http) => (Reviewer)http.Items[ItemKey]!;
}

/// <summary>Problem types of the review API (stable identifiers, like <see cref="ProblemTypes"/>).</summary>
public static class ReviewProblems
{
    public const string Unauthenticated = ProblemTypes.Base + "unauthenticated";
    public const string Forbidden = ProblemTypes.Base + "forbidden";
    public const string Conflict = ProblemTypes.Base + "conflict";
    public const string PreconditionFailed = ProblemTypes.Base + "precondition-failed";
    public const string PreconditionRequired = ProblemTypes.Base + "precondition-required";
    public const string BadRequest = ProblemTypes.Base + "bad-request";
}
