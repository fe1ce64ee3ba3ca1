using EFiling.Functions.Auth;
using EFiling.Functions.Hosting;

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

    public static void Map(IEndpointRouteBuilder app)
    {
        SignInEndpoints.Map(app);
        ReviewEndpoints.Map(app);
        ReviewPages.Map(app);
    }
}
