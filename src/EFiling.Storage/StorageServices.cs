using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EFiling.Storage;

/// <summary>How storage registers itself, for the app and the `efiling` CLI alike.</summary>
public static class StorageServices
{
    /// <summary>One set of clients for the account named by AzureWebJobsStorage (a connection string or the
    /// identity-based settings, <see cref="StorageClients.FromConfiguration"/>), the names, and the stores over it.</summary>
    public static IServiceCollection AddEFilingStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp => StorageClients.FromConfiguration(configuration, sp.GetServices<HttpPipelinePolicy>()));
        services.AddSingleton(StorageNames.Default);
        services.AddSingleton<StorageReady>();
        services.AddSingleton<DocumentStore>();
        services.AddSingleton<FilingIndex>();
        services.AddSingleton<FilingHistory>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<FilingQueue>();
        return services;
    }
}
