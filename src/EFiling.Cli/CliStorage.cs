using EFiling.Declarations.Catalogue;
using EFiling.Statistics;
using EFiling.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EFiling.Cli;

/// <summary>
/// The storage of the commands that work on it directly (registry import, replay-poison, stats rebuild, report, chaos
/// check, the storage benchmarks): a host from <see cref="Host.CreateApplicationBuilder()"/> with the service's own
/// registrations (<see cref="StorageServices.AddEFilingStorage"/>, and <see cref="StatisticsServices.AddEFilingStatistics"/>
/// over the shipped form catalogue for the recount), so the CLI reads the account exactly as the app does:
/// --connection when given; else the AzureWebJobsStorage settings from the environment, a connection string or the
/// identity-based ones (AzureWebJobsStorage__accountName or __blobServiceUri/__queueServiceUri/__tableServiceUri, with
/// __credential=managedidentity and __clientId); else Azurite's development account.
/// </summary>
public static class CliStorage
{
    /// <summary>The host the storage commands resolve <see cref="StorageClients"/>, <see cref="StorageNames"/> and the stores from.</summary>
    /// <param name="connection">--connection: layered over the environment's settings.</param>
    /// <param name="environment">The settings to read AzureWebJobsStorage from (default the process environment; a test's own).</param>
    public static IHost Host(string? connection, IConfiguration? environment = null)
    {
        // No defaults: no appsettings.json of the working folder, and no console logger writing into the commands' output.
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (environment is null) builder.Configuration.AddEnvironmentVariables();
        else builder.Configuration.AddConfiguration(environment);
        if (!string.IsNullOrWhiteSpace(connection))
            builder.Configuration.AddInMemoryCollection([new(StorageClients.SettingName, connection)]);
        builder.Services.AddLogging();
        builder.Services.AddEFilingStorage(builder.Configuration);
        // The statistics resolve lazily: only `stats rebuild` and `chaos check` load the catalogues.
        builder.Services.AddSingleton(_ => new Lazy<FormCatalogue>(() => FormCatalogue.Load()));
        builder.Services.AddEFilingStatistics();
        return builder.Build();
    }
}
