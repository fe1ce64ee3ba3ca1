using EFiling.Storage;
using Microsoft.Extensions.Configuration;

namespace EFiling.Cli;

/// <summary>
/// The storage account of the commands that work on storage directly (registry import, replay-poison, stats rebuild,
/// report, chaos check, the storage benchmarks), read the way the app reads its own (<see cref="StorageClients.FromConfiguration"/>):
/// --connection when given; else the AzureWebJobsStorage settings from the environment, a connection string or the
/// identity-based ones (AzureWebJobsStorage__accountName or __blobServiceUri/__queueServiceUri/__tableServiceUri, with
/// __credential=managedidentity and __clientId); else Azurite's development account.
/// </summary>
public static class CliStorage
{
    public static StorageClients Clients(string? connection) =>
        Clients(connection, new ConfigurationBuilder().AddEnvironmentVariables().Build());

    /// <param name="environment">The settings to read AzureWebJobsStorage from (the process environment, or a test's).</param>
    public static StorageClients Clients(string? connection, IConfiguration environment) =>
        StorageClients.FromConfiguration(string.IsNullOrWhiteSpace(connection)
            ? environment
            : new ConfigurationBuilder().AddConfiguration(environment).AddInMemoryCollection([new(StorageClients.SettingName, connection)]).Build());
}
