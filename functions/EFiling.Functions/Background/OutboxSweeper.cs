using EFiling.Declarations.Findings;
using EFiling.Functions.Checks;
using EFiling.Functions.Filings;
using EFiling.Functions.Hosting;
using EFiling.Functions.Review;
using EFiling.Storage;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Background;

/// <summary>
/// Makes sure nothing acknowledged is left behind. Every <see cref="EFilingOptions.SweepInterval"/> it reads the outbox
/// (a row per filing not yet fully taken in, written before its bytes) and, for each row:
/// (1) bytes stored but not indexed (the process stopped between the blob and the tables): checks them again and
/// completes the filing; (2) indexed but not enqueued (the queue was down): sends the message; (3) no bytes under the
/// row's id: a concurrent identical submission owns them, or the process stopped before storing them (nothing was
/// acknowledged), and the row is dropped. It also completes officers' decisions whose history row, notice or audit
/// entry a crash left unwritten (<see cref="PendingDecisions"/>, <see cref="ReviewFollowUps"/>).
/// Only items older than <see cref="EFilingOptions.SweepGrace"/> are touched, so a live submission or decision finishes
/// on its own. The work is bounded by what is in flight, not by how many filings were ever stored.
/// </summary>
public sealed class OutboxSweeper(
    Outbox outbox, FilingIndex index, DocumentStore documents, FilingCompleter completer, DeclarationChecks checks,
    PendingDecisions pendingDecisions, ReviewFollowUps reviewFollowUps,
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
        await CompleteReviewDecisionsAsync(cutoff, ct);
    }

    private async Task CompleteOutboxAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        // A row without bytes may still be a submission whose upload is slow: it is dropped only well after the grace.
        var abandonedBefore = time.GetUtcNow() - 10 * options.Value.SweepGrace;
        foreach (var row in await outbox.ListAsync(ct))
        {
            if (row.CreatedAtUtc > cutoff) continue;
            var owner = await documents.FindDocumentAsync(row.Sha256, ct);
            if (owner is null || owner.Id != row.RowKey)
            {
                if (owner is not null || row.CreatedAtUtc < abandonedBefore) await outbox.RemoveAsync(row.RowKey, ct);
                continue;
            }
            if (!await index.HasHashAsync(row.Sha256, ct))
            {
                await CompleteUnindexedAsync(owner, ct);
                continue;
            }
            if (await completer.TryEnqueueAsync(owner, ct))
                logger.LogInformation("Sweep: filing {Id} enqueued from the outbox", owner.Id);
        }
    }

    /// <summary>
    /// The findings were not stored: check the bytes again, as of their receipt time, and keep what the submission
    /// would have kept. A document is only stored after a valid verdict, so a reject-level finding now means something
    /// changed since (trust, CRLs, rules): the intake's decision stands, the finding is logged.
    /// </summary>
    private async Task CompleteUnindexedAsync(FilingFacts facts, CancellationToken ct)
    {
        if (await documents.ReadDocumentAsync(facts.Sha256, ct) is not { } bytes) return;
        var verdict = checks.Check(bytes.ToMemory(), facts.ReceivedAtUtc);
        if (!verdict.IsValid)
            logger.LogWarning("Sweep: filing {Id} no longer passes intake ({Codes}); completed as received",
                facts.Id, string.Join(", ", verdict.Findings.Where(f => f.Severity == Severity.Reject).Select(f => f.Code).Distinct()));
        await completer.CompleteAsync(facts, SubmissionService.KeptFindings(verdict), ct);
        logger.LogInformation("Sweep: filing {Id} completed from its stored document", facts.Id);
    }

    private async Task CompleteReviewDecisionsAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        foreach (var mark in await pendingDecisions.ListAsync(ct))
        {
            if (mark.MarkedAtUtc > cutoff) continue;
            // Idempotent: when nothing was missing (a lost race left the mark), this writes nothing.
            if (await reviewFollowUps.CompleteRecordedAsync(mark.FilingId, ct))
                logger.LogInformation("Sweep: follow-ups of the decision on filing {Id} checked", mark.FilingId);
            await pendingDecisions.ClearAsync(mark.FilingId, mark.ETag, ct);
        }
    }
}
