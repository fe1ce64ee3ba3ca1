using EFiling.Declarations.Findings;
using EFiling.Functions.Checks;
using EFiling.Functions.Filings;
using EFiling.Functions.Hosting;
using EFiling.Functions.Review;
using EFiling.Storage;
using Microsoft.Extensions.Options;

namespace EFiling.Functions.Background;

/// <summary>
/// Makes sure nothing acknowledged is left behind. Every <see cref="EFilingOptions.SweepInterval"/>:
/// (1) sends the messages still in the outbox (the queue was down when the filing came in);
/// (2) completes documents that have no hash pointer (the process stopped between the blob and the tables);
/// (3) completes officers' decisions whose history row, notice or audit entry a crash left unwritten
/// (<see cref="PendingDecisions"/>, <see cref="ReviewFollowUps"/>).
/// Only items older than <see cref="EFilingOptions.SweepGrace"/> are touched, so a live submission or decision finishes
/// on its own.
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
        await ResendOutboxAsync(cutoff, ct);
        await CompleteUnindexedAsync(cutoff, ct);
        await CompleteReviewDecisionsAsync(cutoff, ct);
    }

    private async Task ResendOutboxAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        foreach (var row in await outbox.ListAsync(ct))
        {
            if (row.CreatedAtUtc > cutoff) continue;
            if (await index.GetAsync(row.FilingPartition, row.RowKey, ct) is not { } filing) continue;
            if (await completer.TryEnqueueAsync(filing.ToFacts(), ct))
                logger.LogInformation("Sweep: filing {Id} enqueued from the outbox", filing.FilingId);
        }
    }

    private async Task CompleteUnindexedAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await foreach (var (facts, createdOn) in documents.ListDocumentsAsync(ct))
        {
            if (createdOn > cutoff || await index.HasHashAsync(facts.Sha256, ct)) continue;
            // The findings were not stored: check the bytes again, as of their receipt time, and keep what the
            // submission would have kept. A document is only stored after a valid verdict, so a reject-level finding
            // now means something changed since (trust, CRLs, rules): the intake's decision stands, the finding is logged.
            var bytes = await documents.ReadDocumentAsync(facts.Sha256, ct);
            if (bytes is null) continue;
            var verdict = checks.Check(bytes.ToMemory(), facts.ReceivedAtUtc);
            if (!verdict.IsValid)
                logger.LogWarning("Sweep: filing {Id} no longer passes intake ({Codes}); completed as received",
                    facts.Id, string.Join(", ", verdict.Findings.Where(f => f.Severity == Severity.Reject).Select(f => f.Code).Distinct()));
            await completer.CompleteAsync(facts, SubmissionService.KeptFindings(verdict), ct);
            logger.LogInformation("Sweep: filing {Id} completed from its stored document", facts.Id);
        }
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
