using System.Security.Cryptography;
using System.Text.Json;
using System.Globalization;
using Azure.Data.Tables;
using EFiling.Cli.Submission;
using EFiling.Storage;

namespace EFiling.Cli.Chaos;

/// <summary>
/// After a chaos run (`scripts/chaos.sh`): reads `efiling submit --out` lines and storage, and checks the intake's
/// promises held through the kills. Every content that got a receipt (200/202) is stored with those bytes and the
/// facts of the receipt returned (id, transaction code, receipt time: the receipt is made again from them), found by
/// its id, and was decided exactly once (one decision row, one notice for Accepted/Rejected, none for NeedsReview).
/// Content that got only errors is either not there at all, or stored but never taken in (its blob alone: a crash
/// before the message, healed by resending the same bytes), or, where a 5xx or a lost answer came after the message,
/// complete in the same way; anything in between is "half-there". Nothing is counted twice: one filing row per
/// content, and the statistics recount (<see cref="EFiling.Statistics.StatsRebuilder"/>) finds no difference.
/// </summary>
public sealed class ChaosCheck(StorageClients clients, StorageNames names)
{
    private static readonly string[] Decisions = [nameof(FilingStatus.Accepted), nameof(FilingStatus.Rejected), nameof(FilingStatus.NeedsReview), nameof(FilingStatus.Failed)];

    private readonly DocumentStore _documents = new(clients, names);
    private readonly FilingIndex _index = new(clients, names);
    private readonly FilingHistory _history = new(clients, names);
    private readonly NotificationStore _notices = new(clients, names);
    private readonly Outbox _outbox = new(clients, names);
    private readonly FilingQueue _queue = new(clients, names);
    private readonly TableClient _filings = clients.Tables.GetTableClient(names.Tables.Filings);

    /// <summary>What is still moving: filings not yet decided, outbox rows, messages in the queue (visible or not).</summary>
    public sealed record InFlight(int Filings, int Undecided, int OutboxRows, int Queued)
    {
        public bool Settled => Undecided == 0 && OutboxRows == 0 && Queued == 0;
        public override string ToString() => $"{Filings} filing(s), {Undecided} undecided, {OutboxRows} outbox row(s), {Queued} queued";
    }

    public async Task<InFlight> InFlightAsync(CancellationToken ct)
    {
        var rows = await FilingRowsAsync(ct);
        var queued = await _queue.Received.ExistsAsync(ct) ? (await _queue.Received.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount : 0;
        return new InFlight(rows.Count, rows.Count(r => r.Status == nameof(FilingStatus.Received)), (await _outbox.ListAsync(ct)).Count, queued);
    }

    /// <summary>Polls until nothing is in flight; gives up when nothing moved for <paramref name="stalled"/> (a message
    /// a killed app held comes back after its 2-minute lease) or after <paramref name="cap"/> in all. The last state either way.</summary>
    public async Task<(InFlight State, TimeSpan Waited)> SettleAsync(TimeSpan stalled, TimeSpan cap, Action<InFlight> progress, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var lastMove = TimeSpan.Zero;
        InFlight? last = null;
        while (true)
        {
            var state = await InFlightAsync(ct);
            if (state != last) { last = state; lastMove = clock.Elapsed; }
            if (state.Settled || clock.Elapsed - lastMove >= stalled || clock.Elapsed >= cap) return (state, clock.Elapsed);
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(30)) { progress(state); lastReport = clock.Elapsed; }
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
    }

    public sealed class Report
    {
        public int Files { get; set; }
        public int Contents { get; set; }
        public SortedDictionary<int, int> FinalStatuses { get; } = [];
        public SortedDictionary<string, int> ErrorCodes { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<int, int> AttemptStatuses { get; } = [];
        public int FilesRetried { get; set; }
        public int Retries { get; set; }
        public int AcknowledgedContents { get; set; }
        public SortedDictionary<string, int> Decided { get; } = new(StringComparer.Ordinal);
        public int ErrorContentsAbsent { get; set; }
        public int ErrorContentsStoredComplete { get; set; }
        public List<string> Missing { get; } = [];
        public List<string> Duplicates { get; } = [];
        public List<string> NotReconciled { get; } = [];
        public List<string> ReceiptMismatches { get; } = [];
        public List<string> HalfThere { get; } = [];
        public List<string> Unknown { get; } = [];
        public List<string> Leftovers { get; } = [];

        public int Violations => Missing.Count + Duplicates.Count + NotReconciled.Count + ReceiptMismatches.Count + HalfThere.Count + Unknown.Count + Leftovers.Count;
    }

    public static IReadOnlyList<SubmitOutcome> ReadResults(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<SubmitOutcome>(l, SubmitOutcome.JsonOptions)!).ToList();

    public async Task<Report> RunAsync(IReadOnlyList<SubmitOutcome> outcomes, CancellationToken ct)
    {
        var report = new Report { Files = outcomes.Count };
        foreach (var o in outcomes)
        {
            report.FinalStatuses[o.Status] = report.FinalStatuses.GetValueOrDefault(o.Status) + 1;
            foreach (var code in o.ErrorCodes) report.ErrorCodes[code] = report.ErrorCodes.GetValueOrDefault(code) + 1;
            foreach (var a in o.Attempts) report.AttemptStatuses[a] = report.AttemptStatuses.GetValueOrDefault(a) + 1;
            if (o.Attempts.Count > 1) { report.FilesRetried++; report.Retries += o.Attempts.Count - 1; }
        }

        var rows = await FilingRowsAsync(ct);
        var rowsBySha = rows.ToLookup(r => r.Sha256);
        var contents = outcomes.GroupBy(o => o.Sha256).ToList();
        report.Contents = contents.Count;
        var known = contents.Select(c => c.Key).ToHashSet();
        foreach (var row in rows.Where(r => !known.Contains(r.Sha256)))
            report.Unknown.Add($"filing {row.FilingId} ({row.Sha256}) was sent by nobody in the results");
        foreach (var group in rowsBySha.Where(g => g.Count() > 1))
            report.Duplicates.Add($"{group.Count()} filing rows for content {group.Key}: {string.Join(", ", group.Select(r => r.FilingId))}");

        var outboxBySha = (await _outbox.ListAsync(ct)).ToLookup(r => r.Sha256);
        await Parallel.ForEachAsync(contents, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (content, token) =>
        {
            var acknowledged = content.Where(o => o.Acknowledged).ToList();
            var findings = await InspectAsync(content.Key, content.First().File, rowsBySha[content.Key].ToList(), outboxBySha[content.Key].Any(), token);
            lock (report)
            {
                if (acknowledged.Count > 0)
                {
                    report.AcknowledgedContents++;
                    Judge(report, content.Key, findings, acknowledged);
                }
                else if (!findings.AnyPart || findings.BlobOnly) report.ErrorContentsAbsent++;
                else if (findings.Problems.Count == 0 && findings.Decision is not null)
                {
                    // A 5xx or a lost answer after the message was sent: reconciliation completed it, as designed.
                    report.ErrorContentsStoredComplete++;
                    Judge(report, content.Key, findings, []);
                }
                else report.HalfThere.Add($"{content.First().File} (answered {string.Join("/", content.Select(o => o.Status))}): {findings.Describe()}");
            }
        });

        if (outboxBySha.Count > 0) report.Leftovers.Add($"{outboxBySha.Sum(g => g.Count())} outbox row(s) left");
        foreach (var queue in new[] { _queue.Received, _queue.Poison })
            if (await queue.ExistsAsync(ct) && (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount is > 0 and var n)
                report.Leftovers.Add($"{n} message(s) left in {queue.Name}");
        return report;
    }

    /// <summary>How the receipt (and efiling submit --out) writes a receipt time.</summary>
    private static class Receipts
    {
        public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    private static void Judge(Report report, string sha, Findings f, IReadOnlyList<SubmitOutcome> acknowledged)
    {
        foreach (var p in f.Problems) report.Missing.Add($"{sha}: {p}");
        var ids = acknowledged.Select(o => o.FilingId).Distinct().ToList();
        if (ids.Count > 1) report.Duplicates.Add($"{sha}: answered with {ids.Count} ids ({string.Join(", ", ids)})");
        if (f.Row is { } row)
        {
            var stored = Receipts.Utc(row.ReceivedAtUtc);
            foreach (var o in acknowledged.Where(o => o.FilingId != row.FilingId || o.TransactionCode != row.TransactionCode || o.ReceivedAtUtc != stored))
                report.ReceiptMismatches.Add($"{o.File}: answered {o.FilingId}/{o.TransactionCode}/{o.ReceivedAtUtc}, stored {row.FilingId}/{row.TransactionCode}/{stored}");
            if (f.Owner is { } owner && (owner.Id != row.FilingId || owner.TransactionCode != row.TransactionCode || owner.ReceivedAtUtc != row.ReceivedAtUtc))
                report.ReceiptMismatches.Add($"{sha}: the document's facts name {owner.Id}/{owner.TransactionCode}, the row {row.FilingId}/{row.TransactionCode}");
            report.Decided[row.Status] = report.Decided.GetValueOrDefault(row.Status) + 1;
            if (row.Status is nameof(FilingStatus.Received) or nameof(FilingStatus.Failed))
                report.NotReconciled.Add($"{row.FilingId}: {row.Status}");
        }
        if (f.DecisionRows > 1) report.Duplicates.Add($"{sha}: {f.DecisionRows} decision rows");
        if (f.NoticeNames.Count > 1) report.Duplicates.Add($"{sha}: {f.NoticeNames.Count} notices ({string.Join(", ", f.NoticeNames)})");
        if (f.Row is { } decided && f.DecisionRows == 0 && decided.Status != nameof(FilingStatus.Received))
            report.NotReconciled.Add($"{decided.FilingId}: {decided.Status} without its history row");
        if (f.Row is { Status: nameof(FilingStatus.Accepted) or nameof(FilingStatus.Rejected) } noticed && f.NoticeNames.Count == 0)
            report.NotReconciled.Add($"{noticed.FilingId}: {noticed.Status} without a notice");
        if (f.Row is { Status: nameof(FilingStatus.NeedsReview) } review && f.NoticeNames.Count > 0)
            report.Duplicates.Add($"{review.FilingId}: NeedsReview with a notice ({string.Join(", ", f.NoticeNames)})");
    }

    /// <summary>What storage holds of one content. <see cref="Problems"/>: what a complete filing would have and this lacks.</summary>
    private sealed class Findings
    {
        public bool Blob, Outbox;
        public FilingFacts? Owner;
        public FilingEntity? Row;
        public int DecisionRows;
        public string? Decision;
        public IReadOnlyList<string> NoticeNames = [];
        public List<string> Problems { get; } = [];

        public bool AnyPart => Blob || Outbox || Row is not null;

        /// <summary>Stored but never taken in (no row, no message, no outbox row): a crash right after the blob, before
        /// anything was acknowledged; resending the bytes completes it.</summary>
        public bool BlobOnly => Blob && Row is null && !Outbox;

        public string Describe() =>
            $"blob {(Blob ? "yes" : "no")}, row {Row?.Status ?? "no"}, outbox row {(Outbox ? "yes" : "no")}" +
            (Problems.Count > 0 ? $" ({string.Join("; ", Problems)})" : "");
    }

    private async Task<Findings> InspectAsync(string sha, string file, IReadOnlyList<FilingEntity> rows, bool outbox, CancellationToken ct)
    {
        var f = new Findings { Outbox = outbox };
        if (await _documents.ReadDocumentAsync(sha, ct) is { } bytes)
        {
            f.Blob = true;
            if (Convert.ToHexStringLower(SHA256.HashData(bytes.ToMemory().Span)) != sha) f.Problems.Add("stored bytes have another SHA-256");
            var sent = File.Exists(file) ? await File.ReadAllBytesAsync(file, ct) : null;
            if (sent is not null && !bytes.ToMemory().Span.SequenceEqual(sent)) f.Problems.Add("stored bytes differ from the file");
            f.Owner = await _documents.FindDocumentAsync(sha, ct);
            if (f.Owner is null) f.Problems.Add("the document carries no facts");
        }
        else f.Problems.Add("no document blob");

        f.Row = f.Owner is { } owner ? await _index.GetAsync(owner.PartitionKey, owner.Id, ct) : rows.FirstOrDefault();
        if (f.Row is null) { f.Problems.Add("no filing row"); return f; }
        if (await _index.FindByIdAsync(f.Row.FilingId, ct) is null) f.Problems.Add("not found by its id");

        var history = await _history.ListAsync(f.Row.FilingId, ct);
        var decisions = history.Where(h => Decisions.Contains(h.Status)).ToList();
        f.DecisionRows = decisions.Count;
        f.Decision = decisions.LastOrDefault()?.Status;
        if (f.Decision is not null && !history.Any(h => h.RowKey == FilingKeys.HistoryRow(1, FilingStatus.Received))) f.Problems.Add("no Received history row");
        if (f.Decision is not null && f.Decision != f.Row.Status) f.Problems.Add($"history says {f.Decision}, the row {f.Row.Status}");
        f.NoticeNames = (await _notices.ListAsync(f.Row.FilingId, ct)).Select(n => n.Name).ToList();
        return f;
    }

    /// <summary>Every filing row (pointer rows have no Status).</summary>
    private async Task<List<FilingEntity>> FilingRowsAsync(CancellationToken ct)
    {
        var rows = new List<FilingEntity>();
        if (!await TableExistsAsync(ct)) return rows;
        await foreach (var row in _filings.QueryAsync<FilingEntity>("Status ne ''", cancellationToken: ct)) rows.Add(row);
        return rows;
    }

    private async Task<bool> TableExistsAsync(CancellationToken ct)
    {
        await foreach (var _ in clients.Tables.QueryAsync(t => t.Name == names.Tables.Filings, cancellationToken: ct)) return true;
        return false;
    }
}
