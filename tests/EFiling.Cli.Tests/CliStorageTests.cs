using EFiling.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EFiling.Cli.Tests;

/// <summary>The storage commands find the account the way the app does, managed identity included.</summary>
public sealed class CliStorageTests
{
    private static IConfiguration Environment(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":"), s.Value))).Build();

    /// <summary>The clients the storage commands' host resolves.</summary>
    private static StorageClients Clients(string? connection, IConfiguration environment)
    {
        using var host = CliStorage.Host(connection, environment);
        return host.Services.GetRequiredService<StorageClients>();
    }

    [Fact]
    public void Identity_based_settings_name_the_account_as_they_do_for_the_app()
    {
        var clients = Clients(null, Environment(
            ("AzureWebJobsStorage__accountName", "efilingprod"), ("AzureWebJobsStorage__credential", "managedidentity")));
        Assert.Equal(new Uri("https://efilingprod.blob.core.windows.net/"), clients.Blobs.Uri);
        Assert.Equal(new Uri("https://efilingprod.queue.core.windows.net/"), clients.Queues.Uri);
        Assert.Equal("efilingprod", clients.Tables.AccountName);
    }

    [Fact]
    public void The_connection_option_wins_and_nothing_set_means_azurite()
    {
        var given = Clients("DefaultEndpointsProtocol=http;AccountName=given;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/given;QueueEndpoint=http://127.0.0.1:2/given;TableEndpoint=http://127.0.0.1:3/given",
            Environment(("AzureWebJobsStorage__accountName", "efilingprod")));
        Assert.Equal("given", given.Blobs.AccountName);
        Assert.Equal("devstoreaccount1", Clients(null, Environment()).Blobs.AccountName);
    }

    [Fact]
    public void The_host_resolves_the_apps_own_storage_registration_over_the_given_account()
    {
        using var host = CliStorage.Host("DefaultEndpointsProtocol=http;AccountName=given;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/given;QueueEndpoint=http://127.0.0.1:2/given;TableEndpoint=http://127.0.0.1:3/given",
            Environment(("AzureWebJobsStorage__accountName", "efilingprod")));
        var names = host.Services.GetRequiredService<StorageNames>();
        var queue = host.Services.GetRequiredService<FilingQueue>();
        Assert.Equal("given", queue.Received.AccountName);
        Assert.Equal(names.Queues.FilingsReceived, queue.Received.Name);
        // One set of clients per host, as in the app, and the provisioning the app starts with resolves too.
        Assert.Same(host.Services.GetRequiredService<StorageClients>(), host.Services.GetRequiredService<StorageClients>());
        Assert.NotNull(host.Services.GetRequiredService<StorageReady>());
    }
}
