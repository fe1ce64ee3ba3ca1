using EFiling.IntakeChecks;
using EFiling.Functions.Hosting;
using EFiling.Storage;

namespace EFiling.Functions.Background;

/// <summary>Right after the app listens: create the storage resources and compile the schemas and trust,
/// so the first submission is fast, without ever delaying start-up.</summary>
public sealed class WarmUp(StorageReady storage, DeclarationChecks checks, ILogger<WarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try { checks.WarmUp(); }
        catch (Exception e) { logger.LogError(e, "The declaration checks could not be set up"); }
        try { await storage.EnsureAsync(stoppingToken); }
        catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Storage not reachable yet; will retry on first use"); }
    }
}
