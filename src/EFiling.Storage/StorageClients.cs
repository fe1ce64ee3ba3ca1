using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace EFiling.Storage;

/// <summary>
/// The three service clients for the storage account named by the <c>AzureWebJobsStorage</c> setting, read the
/// way the Functions host reads it: a connection string, or identity-based settings
/// (<c>AzureWebJobsStorage__blobServiceUri</c>/<c>__queueServiceUri</c>/<c>__tableServiceUri</c> or
/// <c>__accountName</c>, with <c>__credential=managedidentity</c> and <c>__clientId</c>).
/// </summary>
public sealed class StorageClients
{
    public const string SettingName = "AzureWebJobsStorage";

    /// <summary>Azurite's well-known development account on 127.0.0.1:10000/10001/10002.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public required BlobServiceClient Blobs { get; init; }
    public required QueueServiceClient Queues { get; init; }
    public required TableServiceClient Tables { get; init; }

    /// <summary>Short, bounded retries: a caller is waiting, and the outbox covers a longer outage.</summary>
    public static TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <param name="policies">Extra HTTP pipeline policies for every client, run on every try (tests count requests on
    /// the wire with one); none in production.</param>
    public static StorageClients FromConfiguration(IConfiguration configuration, IEnumerable<HttpPipelinePolicy>? policies = null)
    {
        var section = configuration.GetSection(SettingName);
        var connectionString = section.Value;
        if (string.IsNullOrWhiteSpace(connectionString) && !section.GetChildren().Any())
            connectionString = DevelopmentStorage;
        var extra = policies?.ToList() ?? [];
        return string.IsNullOrWhiteSpace(connectionString)
            ? FromIdentity(section, extra)
            : FromConnectionString(connectionString, extra);
    }

    public static StorageClients FromConnectionString(string connectionString, IReadOnlyList<HttpPipelinePolicy>? policies = null) => new()
    {
        Blobs = new BlobServiceClient(connectionString, Configure(new BlobClientOptions(), policies)),
        Queues = new QueueServiceClient(connectionString, QueueOptions(policies)),
        Tables = new TableServiceClient(connectionString, Configure(new TableClientOptions(), policies)),
    };

    private static StorageClients FromIdentity(IConfigurationSection section, IReadOnlyList<HttpPipelinePolicy> policies)
    {
        var account = section["accountName"];
        Uri ServiceUri(string key, string service) =>
            section[key] is { Length: > 0 } uri ? new Uri(uri)
            : account is { Length: > 0 } ? new Uri($"https://{account}.{service}.core.windows.net")
            : throw new InvalidOperationException($"{SettingName}__{key} (or __accountName) is not set.");

        var credential = Credential(section["credential"], section["clientId"]);
        return new StorageClients
        {
            Blobs = new BlobServiceClient(ServiceUri("blobServiceUri", "blob"), credential, Configure(new BlobClientOptions(), policies)),
            Queues = new QueueServiceClient(ServiceUri("queueServiceUri", "queue"), credential, QueueOptions(policies)),
            Tables = new TableServiceClient(ServiceUri("tableServiceUri", "table"), credential, Configure(new TableClientOptions(), policies)),
        };
    }

    private static TokenCredential Credential(string? kind, string? clientId) =>
        string.Equals(kind, "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });

    // The host reads queue messages as base64 (host.json messageEncoding), so we must write them that way.
    private static QueueClientOptions QueueOptions(IReadOnlyList<HttpPipelinePolicy>? policies) =>
        Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, policies);

    private static T Configure<T>(T options, IReadOnlyList<HttpPipelinePolicy>? policies) where T : ClientOptions
    {
        foreach (var policy in policies ?? []) options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = NetworkTimeout;
        return options;
    }
}
