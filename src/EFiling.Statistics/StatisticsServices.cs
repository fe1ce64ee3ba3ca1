using Microsoft.Extensions.DependencyInjection;
using EFiling.Declarations.Catalogue;

namespace EFiling.Statistics;

/// <summary>The online-share statistics (issue 5) register themselves: indicator definitions, the counting store, the
/// queue handler's <see cref="OnlineFilingCount"/> and the readers (FunctionsApp calls this last, after review).</summary>
public static class StatisticsServices
{
    public static IServiceCollection AddEFilingStatistics(this IServiceCollection services)
    {
        // Indicators and forms come from the same schemas folder the checks use (EFiling__SchemasFolder or the shipped one).
        services.AddSingleton(sp => StatsSchemas.Load(sp.GetRequiredService<Lazy<FormCatalogue>>().Value));
        services.AddSingleton(sp => sp.GetRequiredService<StatsSchemas>().Indicators);
        services.AddSingleton(sp => new FilingItems(sp.GetRequiredService<IndicatorCatalogue>(), sp.GetRequiredService<StatsSchemas>().Forms));
        services.AddSingleton<StatsCounter>();
        services.AddSingleton<OnlineFilingCount>();
        // The recount from the sources (`efiling stats rebuild`, `efiling chaos check`).
        services.AddSingleton<StatsRebuilder>();
        // The API: reads for GET /api/stats, inputs and intake for counter filings and payments.
        services.AddSingleton<StatsReader>();
        services.AddSingleton<StatsService>();
        services.AddSingleton(sp => new ChannelItems(sp.GetRequiredService<IndicatorCatalogue>(), sp.GetRequiredService<StatsSchemas>().Forms));
        services.AddSingleton(sp => new PaymentNotice(sp.GetRequiredService<ChannelItems>(), sp.GetRequiredService<StatsSchemas>().Forms.SchemasFolder));
        services.AddSingleton<ChannelRecords>();
        services.AddSingleton<ChannelIntake>();
        return services;
    }
}

/// <summary>The schema files the statistics read, loaded once.</summary>
public sealed record StatsSchemas(IndicatorCatalogue Indicators, FormCatalogue Forms)
{
    /// <summary>With the schema packs, so that a form only a pack knows (03/GTGT, BC26/AC, …) is counted in its family.</summary>
    public static StatsSchemas Load(FormCatalogue forms) => new(IndicatorCatalogue.Load(forms.SchemasFolder), forms);
}
