using EFiling.ServiceDefaults;

namespace EFiling.Functions.TestMode;

/// <summary>Test filings in production registers itself (FunctionsApp calls this beside intake).</summary>
public static class TestModeServices
{
    /// <summary>Section EFiling:TestMode, validated on start, and the test filings' intake, store and status.</summary>
    public static IServiceCollection AddEFilingTestMode(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TestModeOptions>().Bind(configuration.GetSection($"{EFilingOptions.Section}:{TestModeOptions.Section}"))
            .Validate(o => o.RetentionDays >= 1, "EFiling:TestMode: RetentionDays must be at least 1 (the lifecycle rule's days)")
            .ValidateOnStart();
        services.AddSingleton<TestFilings>();
        return services;
    }
}
