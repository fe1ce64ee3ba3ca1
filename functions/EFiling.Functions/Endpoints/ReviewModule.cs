using EFiling.Functions.Auth;
using EFiling.Functions.Endpoints;
using EFiling.Functions.Hosting;
using EFiling.Review;

namespace EFiling.Functions.Endpoints;

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

    public static void Map(IEndpointRouteBuilder app)
    {
        SignInEndpoints.Map(app);
        ReviewEndpoints.Map(app);
        ReviewPages.Map(app);
    }
}
