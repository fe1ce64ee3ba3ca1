using EFiling.Functions.Auth;
using EFiling.Functions.Hosting;
using EFiling.Functions.Http;

namespace EFiling.Functions.Endpoints;

/// <summary>The review queue's HTTP side, registered from FunctionsApp with one line each (its services are
/// src/EFiling.Review's AddEFilingReview).</summary>
public static class ReviewModule
{
    /// <summary>Reviewers' sign-in (EFiling:Auth, validated on start) and the reviewer's filing lookup (404/403).</summary>
    public static IServiceCollection AddReviewSignIn(this IServiceCollection services, IConfiguration configuration, HostingMode hosting)
    {
        ReviewAuth.AddServices(services, configuration, hosting);
        services.AddSingleton<ReviewFilings>();
        return services;
    }

    /// <param name="review">/api/review (FunctionsApp: tag Review, 429).</param>
    public static void Map(RouteGroupBuilder review)
    {
        SignInEndpoints.Map(review);
        // Every filing route passes the reviewer gate: 401 without a signed-in user, 403 without a review role.
        ReviewEndpoints.Map(review.MapGroup("/filings").AddEndpointFilter(ReviewAccess.FilterAsync)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden));
        ReviewPages.Map(review.MapGroup("/ui"));
    }
}
