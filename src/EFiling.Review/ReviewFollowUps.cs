using System.Net;
using Azure;
using Azure.Data.Tables;
using EFiling.Declarations.Findings;
using EFiling.Receipts;
using EFiling.Storage;

namespace EFiling.Review;

/// <summary>
/// What follows an officer's decision, written from the decision the filing row records (<see cref="RecordedDecision"/>):
/// the history row ({step}-{status}), the signed notice ({step}-{result}.xml) and the audit entry ({step}-{action}).
/// Every write is create-only with a fixed key, so writing them again — after a crash, twice at once, from the sweep —
/// completes what is missing and never duplicates or changes what exists.
/// </summary>
public sealed class ReviewFollowUps(ReviewTables tables, FilingIndex index, FilingHistory history, AuditLog audit, Notices notices,
    Webhooks.FilingEvents events)
{
    private readonly TableClient _filings = tables.Filings;

    /// <summary>The decision recorded in the filing's row now, or null when it has none.</summary>
    public async Task<RecordedDecision?> ReadAsync(FilingEntity filing, CancellationToken ct) =>
        RecordedDecision.ReadFrom((await _filings.GetEntityAsync<TableEntity>(filing.PartitionKey, filing.RowKey, RecordedDecision.Properties, ct)).Value);

    /// <summary>Writes whatever of the decision's history row, notice and audit entry is missing; returns the notice name.</summary>
    public async Task<string> CompleteAsync(FilingEntity filing, RecordedDecision decision, CancellationToken ct)
    {
        var note = decision.Result switch
        {
            "Accepted" => $"Accepted by {decision.WhoName}",
            "Rejected" => $"Rejected by {decision.WhoName}: {decision.Reason}",
            _ => $"Supplementary declaration requested by {decision.WhoName}: {decision.Reason}",
        };
        // The vendor's webhooks first: a crash after it repeats it with the rest (the delivery log sends a change once).
        await events.PublishAsync(Webhooks.StatusEvent.Of(filing.ToFacts(), Enum.Parse<FilingStatus>(decision.StatusAfter), decision.Step, decision.AtUtc), ct);
        await history.AddAsync(filing.FilingId, decision.Step, Enum.Parse<FilingStatus>(decision.StatusAfter), decision.AtUtc, note, ct);
        var notice = await notices.IssueAsync(new NoticeRequest(filing.FilingId, filing.TransactionCode, decision.Step, decision.Result,
            decision.AtUtc, decision.WhoName, decision.Reason, StoredFindings.Deserialize(filing.FindingsJson), filing.DaysLate, filing.ToFacts().Dossier), ct);
        try
        {
            await audit.AppendAsync(new AuditEntry(filing.FilingId, decision.Step, decision.Action, decision.Who, decision.WhoName,
                decision.AtUtc, decision.Reason, decision.StatusBefore, decision.StatusAfter, notice), ct);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict) { }
        return notice;
    }

    /// <summary>For the sweep: completes the decision the filing (by id) records, if any. True when there was one.</summary>
    public async Task<bool> CompleteRecordedAsync(string filingId, CancellationToken ct)
    {
        if (await index.FindByIdAsync(filingId, ct) is not { } filing || await ReadAsync(filing, ct) is not { } decision) return false;
        await CompleteAsync(filing, decision, ct);
        return true;
    }
}
