using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using EFiling.Functions.Auth;
using EFiling.Functions.Filings;
using EFiling.Storage;

namespace EFiling.Functions.Review;

/// <summary>
/// An officer's decision on a filing: accept, reject (with a reason) or ask for a supplementary declaration.
/// The filing row is updated only if it is still the row the officer saw (If-Match ETag): two officers acting at
/// once cannot both win. Then, in this order: history step, append-only audit entry, signed notice. The row update
/// is the commit point; the later writes use fixed keys, so repeating them never duplicates anything.
/// </summary>
public sealed class ReviewDecisions(StorageClients clients, StorageNames names, FilingHistory history, AuditLog audit, INoticeIssuer notices, TimeProvider time)
{
    private readonly TableClient _filings = clients.Tables.GetTableClient(names.Tables.Filings);

    /// <summary>Statuses an officer can decide on; the others are final or not yet reconciled.</summary>
    public static readonly string[] Actionable = [nameof(FilingStatus.NeedsReview), nameof(FilingStatus.Failed)];

    public abstract record Outcome
    {
        public sealed record Done(string Status, string Notice, ETag ETag, int Step) : Outcome;
        public sealed record Stale(string CurrentStatus) : Outcome;
        public sealed record NotActionable(string CurrentStatus) : Outcome;
    }

    public static (FilingStatus Status, string NoticeResult)? Parse(string decision) => decision switch
    {
        "accept" => (FilingStatus.Accepted, "Accepted"),
        "reject" => (FilingStatus.Rejected, "Rejected"),
        // The filing stays with the office (NeedsReview) until the supplementary declaration arrives.
        "supplementary" => (FilingStatus.NeedsReview, "NeedsSupplementary"),
        _ => null,
    };

    public async Task<Outcome> DecideAsync(FilingEntity filing, ETag ifMatch, string decision, string? reason, Reviewer who, CancellationToken ct)
    {
        var (after, result) = Parse(decision) ?? throw new ArgumentException($"Unknown decision '{decision}'.", nameof(decision));
        if (filing.ETag != ifMatch) return new Outcome.Stale(filing.Status);
        if (!Actionable.Contains(filing.Status)) return new Outcome.NotActionable(filing.Status);

        var now = time.GetUtcNow();
        // Properties reconciliation may keep on the row (LastStep, DaysLate), read without depending on its class.
        var extra = (await _filings.GetEntityAsync<TableEntity>(filing.PartitionKey, filing.RowKey, ["LastStep", "DaysLate"], ct)).Value;
        var step = await NextStepAsync(filing.FilingId, extra.GetInt32("LastStep") ?? 0, ct);
        var update = new TableEntity(filing.PartitionKey, filing.RowKey)
        {
            ["Status"] = after.ToString(), ["StatusChangedAtUtc"] = now, ["LastStep"] = step,
            ["ReviewedBy"] = who.Name, ["ReviewedAtUtc"] = now, ["ReviewDecision"] = result,
        };
        Response response;
        try
        {
            // Merge: the row's other properties (facts, findings, reconciliation's figures) stay as they are.
            response = await _filings.UpdateEntityAsync(update, ifMatch, TableUpdateMode.Merge, ct);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return new Outcome.Stale("changed");
        }

        var note = result switch
        {
            "Accepted" => $"Accepted by {who.DisplayName}",
            "Rejected" => $"Rejected by {who.DisplayName}: {reason}",
            _ => $"Supplementary declaration requested by {who.DisplayName}: {reason}",
        };
        await history.AddAsync(filing.FilingId, step, after, now, note, ct);
        var notice = await notices.IssueAsync(new NoticeRequest(filing.FilingId, filing.TransactionCode, step, result, now,
            who.DisplayName, reason, StoredFindings.Deserialize(filing.FindingsJson), extra.GetInt32("DaysLate") ?? 0), ct);
        try
        {
            await audit.AppendAsync(new AuditEntry(filing.FilingId, step, decision, who.Name, who.DisplayName, now, reason,
                filing.Status, after.ToString(), notice), ct);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict) { }
        return new Outcome.Done(after.ToString(), notice, response.Headers.ETag ?? default, step);
    }

    /// <summary>The step after the last one in the filing's history (and the row's LastStep, when kept).</summary>
    private async Task<int> NextStepAsync(string id, int lastStep, CancellationToken ct)
    {
        var last = (await history.ListAsync(id, ct))
            .Select(h => int.TryParse(h.RowKey.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0)
            .DefaultIfEmpty(1).Max();
        return Math.Max(last, lastStep) + 1;
    }
}
