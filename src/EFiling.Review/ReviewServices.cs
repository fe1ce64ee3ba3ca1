namespace EFiling.Review;

/// <summary>The review queue registers itself (FunctionsApp calls this after reconciliation, whose NeedsReview
/// filings it serves); the host adds the reviewers' sign-in and the endpoints.</summary>
public static class ReviewServices
{
    /// <summary>The review tables and the queue, decisions and their follow-ups, the sweep's part.</summary>
    public static IServiceCollection AddEFilingReview(this IServiceCollection services)
    {
        services.AddSingleton<ReviewTables>();
        services.AddSingleton<OfficeProvinces>();
        services.AddSingleton<ReviewQueue>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<PendingDecisions>();
        services.AddSingleton<ReviewFollowUps>();
        services.AddSingleton<ReviewSweep>();
        services.AddSingleton<ReviewDecisions>();
        return services;
    }
}
