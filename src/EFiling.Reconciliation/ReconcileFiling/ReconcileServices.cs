using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Deadlines;
using EFiling.Receipts;
using EFiling.Registry;
using EFiling.ServiceDefaults;
using EFiling.Storage;
using Microsoft.Extensions.Options;

namespace EFiling.Reconciliation;

/// <summary>How the ReconcileFiling function's services register themselves (from FunctionsApp, after intake's).</summary>
public static class ReconcileServices
{
    /// <summary>ReconcileFiling: the registries, the pure checks, the context they read, the notices it signs and the
    /// queue handler over them.</summary>
    public static IServiceCollection AddEFilingReconciliation(this IServiceCollection services, IConfiguration configuration)
    {
        // Bound and checked when the app starts: a nonsensical setting stops start-up instead of deciding filings.
        services.AddOptions<ReconciliationOptions>().Bind(configuration.GetSection($"{EFilingOptions.Section}:Reconciliation"))
            .Validate(o => o.EmployeeCountTolerancePercent >= 0 && o.EmployeeCountToleranceAbsolute >= 0,
                "EFiling:Reconciliation: the employee-count tolerances cannot be negative")
            .Validate(o => o.HistoryFactor > 0 && o.HistoryMinPeriods >= 0 && o.HistoryPeriods >= 0,
                "EFiling:Reconciliation: HistoryFactor must be positive, HistoryMinPeriods and HistoryPeriods not negative")
            .Validate(o => o.WaitAttempts >= 0, "EFiling:Reconciliation: WaitAttempts cannot be negative")
            .ValidateOnStart();
        services.AddSingleton(sp => new Reconciler(sp.GetRequiredService<IOptions<ReconciliationOptions>>().Value));
        services.AddSingleton<RegistryStore>();
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<StoredDeclarationReader>();
        services.AddSingleton(sp => new DeadlineCalculator(HolidayCalendar.Load(
            Path.Combine(sp.GetRequiredService<Lazy<FormCatalogue>>().Value.SchemasFolder, "holidays.json"))));
        services.AddSingleton<ContextLoader>();
        services.AddSingleton(sp => new NoticeDocument(sp.GetRequiredService<ReceiptCertificateSource>().CreateSigner));
        services.AddSingleton<Notices>();
        services.AddSingleton<ReplacedOriginals>();
        services.AddSingleton<DecisionFollowUps>();
        services.AddSingleton<FilingReconciler>();
        return services;
    }
}
