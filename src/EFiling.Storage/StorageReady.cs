using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace EFiling.Storage;

/// <summary>
/// Makes sure the containers, queues and tables exist before the first storage call, once per process.
/// Started in the background at start-up (listening is never delayed); a failed attempt is retried by the
/// next caller, since storage (Azurite, or the account's network) may simply not be up yet.
/// </summary>
public sealed class StorageReady(StorageClients clients, StorageNames names, ILogger<StorageReady> logger)
{
    private static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 4,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(250),
            UseJitter = true,
        })
        .Build();

    private readonly Lock _gate = new();
    private Task? _provisioning;

    public Task EnsureAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_provisioning is null || _provisioning.IsFaulted || _provisioning.IsCanceled)
                _provisioning = ProvisionAsync();
            return _provisioning.WaitAsync(ct);
        }
    }

    private async Task ProvisionAsync()
    {
        await Retry.ExecuteAsync(async token => await StorageProvisioner.EnsureCreatedAsync(clients, names, token));
        logger.LogInformation("Storage ready: containers, queues and tables exist");
    }
}
