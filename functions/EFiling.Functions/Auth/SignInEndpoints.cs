using System.Security.Claims;
using EFiling.Functions.Endpoints;
using EFiling.Functions.Http;
using EFiling.Review;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Auth;

/// <summary>
/// Who is signed in (both modes), and the development sign-in / sign-out (Development mode only: in AppService
/// mode they answer 404 and the pages use App Service's /.auth/login/aad and /.auth/logout instead).
/// </summary>
public static class SignInEndpoints
{
    /// <param name="review">/api/review (FunctionsApp: tag Review, 429).</param>
    public static void Map(RouteGroupBuilder review)
    {
        review.MapGet("/me", Me).WithName("ReviewMe").WithSummary("The signed-in reviewer, or 401")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        review.MapPost("/signin", SignInAsync).WithName("ReviewSignIn")
            .WithSummary("Development sign-in as a configured user (EFiling:Auth:Users)");
        review.MapPost("/signout", SignOutAsync).WithName("ReviewSignOut").WithSummary("Development sign-out");
    }

    private static Results<Ok<ReviewerJson>, ProblemHttpResult> Me(HttpContext http, ReviewAuthMode mode)
    {
        if (http.User.Identity?.IsAuthenticated != true) return ReviewAccess.Unauthenticated(http);
        return Reviewer.From(http.User) is { } r
            ? TypedResults.Ok(Json(r, mode))
            : Problems.Single(http, 403, ReviewProblems.Forbidden, "Forbidden", "REVIEW_ROLE_REQUIRED", "You hold no review role.");
    }

    /// <summary>Body: {"name": "…"}. JSON only, so a cross-site form cannot sign someone in.</summary>
    private static async Task<Results<Ok<ReviewerJson>, ProblemHttpResult>> SignInAsync(HttpContext http, SignInRequest body, ReviewAuthMode mode, IOptions<AuthOptions> options)
    {
        if (!mode.IsDevelopment) return NotInThisMode(http);
        var account = options.Value.Users.FirstOrDefault(u => string.Equals(u.Name, body.Name?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (account is null)
            return Problems.Single(http, 401, ReviewProblems.Unauthenticated, "Unknown user", "UNKNOWN_USER",
                "No such development user (EFiling:Auth:Users).");
        var identity = ReviewClaims.Enrich(new ClaimsIdentity([new Claim(ClaimTypes.Name, account.Name)],
            CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role), options.Value);
        var principal = new ClaimsPrincipal(identity);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return Reviewer.From(principal) is { } r ? TypedResults.Ok(Json(r, mode))
            : Problems.Single(http, 403, ReviewProblems.Forbidden, "Forbidden", "REVIEW_ROLE_REQUIRED", "This user holds no review role.");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SignOutAsync(HttpContext http, ReviewAuthMode mode)
    {
        if (!mode.IsDevelopment) return NotInThisMode(http);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static ReviewerJson Json(Reviewer r, ReviewAuthMode mode) =>
        new(r.Name, r.DisplayName, r.Roles, r.Offices.Order().ToList(), r.Provinces.Order().ToList(), mode.Name);

    private static ProblemHttpResult NotInThisMode(HttpContext http) =>
        Problems.Single(http, 404, ProblemTypes.NotFound, "Not available", "DEV_SIGNIN_DISABLED",
            "The development sign-in is off: App Service Authentication signs reviewers in (/.auth/login/aad).");
}

public sealed record SignInRequest(string? Name);
