using Azure.Data.Tables;
using EFiling.Storage;

namespace EFiling.Review;

/// <summary>
/// The Audit table, append-only: PK filing id, RK {step:000}-{action}. Rows are only ever added (AddEntity fails on
/// an existing key); this class has no update or delete. One row per officer decision: who, when, what, before → after.
/// </summary>
public sealed class AuditLog(ReviewTables tables)
{
    private readonly TableClient _table = tables.Audit;

    public Task AppendAsync(AuditEntry entry, CancellationToken ct) => _table.AddEntityAsync(new TableEntity(entry.FilingId, $"{entry.Step:000}-{entry.Action}")
    {
        ["Who"] = entry.Who, ["WhoName"] = entry.WhoName, ["AtUtc"] = entry.AtUtc, ["Action"] = entry.Action,
        ["Reason"] = entry.Reason, ["StatusBefore"] = entry.StatusBefore, ["StatusAfter"] = entry.StatusAfter, ["Notice"] = entry.Notice,
    }, ct);

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string filingId, CancellationToken ct)
    {
        var list = new List<AuditEntry>();
        await foreach (var e in _table.QueryAsync<TableEntity>(x => x.PartitionKey == filingId, cancellationToken: ct))
            list.Add(new AuditEntry(filingId, int.Parse(e.RowKey[..3], System.Globalization.CultureInfo.InvariantCulture), e.GetString("Action") ?? "",
                e.GetString("Who") ?? "", e.GetString("WhoName") ?? "", e.GetDateTimeOffset("AtUtc") ?? default, e.GetString("Reason"),
                e.GetString("StatusBefore") ?? "", e.GetString("StatusAfter") ?? "", e.GetString("Notice")));
        return list;
    }
}

public sealed record AuditEntry(
    string FilingId, int Step, string Action, string Who, string WhoName, DateTimeOffset AtUtc, string? Reason,
    string StatusBefore, string StatusAfter, string? Notice);
