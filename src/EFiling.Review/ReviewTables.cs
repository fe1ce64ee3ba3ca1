using Azure.Data.Tables;
using EFiling.Storage;

namespace EFiling.Review;

/// <summary>
/// The tables the review queue reads and writes, opened in one place: the filing index (the queue, officers'
/// decisions and what they record), the append-only audit log, the pending-decision marks (rows of the outbox table,
/// partition <c>review-decisions</c>) and the tax offices (their provinces). The review classes take this instead of the
/// storage account, so which tables review touches is written down once.
/// </summary>
public sealed class ReviewTables(StorageClients clients, StorageNames names)
{
    public TableClient Filings { get; } = clients.Tables.GetTableClient(names.Tables.Filings);
    public TableClient Audit { get; } = clients.Tables.GetTableClient(names.Tables.Audit);
    public TableClient PendingDecisions { get; } = clients.Tables.GetTableClient(names.Tables.Outbox);
    public TableClient TaxOffices { get; } = clients.Tables.GetTableClient(names.Tables.TaxOffices);
}
