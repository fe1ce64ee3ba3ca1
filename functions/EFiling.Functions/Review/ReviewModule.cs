using EFiling.Functions.Auth;
using EFiling.Functions.Endpoints;
using EFiling.Functions.Hosting;
using EFiling.Functions.Http;

namespace EFiling.Functions.Review;

/// <summary>The review queue's services and endpoints, registered from FunctionsApp with one line each.</summary>
public static class ReviewModule
{
    /// <summary>Reviewers' sign-in (EFiling:Auth, validated on start), the review tables and the queue, decisions and
    /// their follow-ups.</summary>
    public static IServiceCollection AddEFilingReview(this IServiceCollection services, IConfiguration configuration, HostingMode hosting)
    {
        ReviewAuth.AddServices(services, configuration, hosting);
        services.AddSingleton<ReviewTables>();
        services.AddSingleton<OfficeProvinces>();
        services.AddSingleton<ReviewQueue>();
        services.AddSingleton<ReviewFilings>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<PendingDecisions>();
        services.AddSingleton<ReviewFollowUps>();
        services.AddSingleton<ReviewSweep>();
        services.AddSingleton<ReviewDecisions>();
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
