using EFiling.Intake;
using EFiling.Functions.Hosting;
using EFiling.Review;
using EFiling.ServiceDefaults;
using EFiling.Storage;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Background;

/// <summary>
/// Makes sure nothing acknowledged is left behind. Every <see cref="EFilingOptions.SweepInterval"/> it reads the outbox,
/// which holds only the messages the queue did not take (an outage; intake acknowledged the filing all the same), sends
/// each and removes its row. A row of an earlier version (no message text, written before the bytes) names a filing
/// that may not be fully taken in: if the bytes under it are its own, the filing is completed from them
/// (<see cref="FilingIntake.EnsureTakenInAsync"/>); if they belong to another id (a concurrent identical submission)
/// or never came (the process stopped before storing them: nothing was acknowledged), the row is dropped. It also
/// completes officers' decisions whose history row, notice or audit entry a crash left unwritten
/// (<see cref="ReviewSweep"/>). Only items older than
/// <see cref="EFilingOptions.SweepGrace"/> are touched, so a live submission or decision finishes on its own. The work
/// is bounded by what is in flight, not by how many filings were ever stored.
/// </summary>
public sealed class OutboxSweeper(
    Outbox outbox, DocumentStore documents, FilingIntake intake, FilingQueue queue,
    ReviewSweep reviewSweep,
    StorageReady storage, IOptions<EFilingOptions> options, TimeProvider time, ILogger<OutboxSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sweep failed; trying again in {Interval}", options.Value.SweepInterval);
            }
        }
    }

    public async Task SweepAsync(CancellationToken ct)
    {
        await storage.EnsureAsync(ct);
        var cutoff = time.GetUtcNow() - options.Value.SweepGrace;
        await CompleteOutboxAsync(cutoff, ct);
        await reviewSweep.CompleteAsync(cutoff, ct);
    }

    private async Task CompleteOutboxAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        // A row without bytes may still be a submission whose upload is slow: it is dropped only well after the grace.
        var abandonedBefore = time.GetUtcNow() - 10 * options.Value.SweepGrace;
        foreach (var row in await outbox.ListAsync(ct))
        {
            if (row.CreatedAtUtc > cutoff) continue;
            if (row.MessageText is { } message)
            {
                await queue.EnqueueAsync(message, ct);
                await outbox.RemoveAsync(row.RowKey, ct);
                logger.LogInformation("Sweep: filing {Id} enqueued from the outbox", row.RowKey);
                continue;
            }
            var owner = await documents.FindDocumentAsync(row.Sha256, ct);
            if (owner is null || owner.Id != row.RowKey)
            {
                if (owner is not null || row.CreatedAtUtc < abandonedBefore) await outbox.RemoveAsync(row.RowKey, ct);
                continue;
            }
            await intake.EnsureTakenInAsync(owner, bytes: null, "Sweep", ct);
            await outbox.RemoveAsync(row.RowKey, ct);
        }
    }
}
