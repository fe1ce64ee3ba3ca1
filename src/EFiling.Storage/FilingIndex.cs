using System.Net;
using Azure;
using Azure.Data.Tables;

namespace EFiling.Storage;

/// <summary>
/// The Filings table: the filing rows, found by office and period, by id or by content. An id names its document
/// (<see cref="FilingKeys.IdFor"/>), whose metadata gives the row's partition: two requests, no pointer rows. Filings
/// stored before that are found through the id pointer rows of that time (Filings PK id_{id}).
/// </summary>
public sealed class FilingIndex(StorageClients clients, StorageNames names)
{
    private readonly TableClient _filings = clients.Tables.GetTableClient(names.Tables.Filings);
    private readonly DocumentStore _documents = new(clients, names);

    /// <summary>Adds the filing row unless it exists (a retry, or the row made by whoever came first, must not reset a
    /// status that has moved on). True when this call added it; the row's ETag is then set.</summary>
    public async Task<bool> AddFilingAsync(FilingEntity filing, CancellationToken ct = default)
    {
        try
        {
            filing.ETag = (await _filings.AddEntityAsync(filing, ct)).Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>For a filing whose id does not name its document (stored before ids did): the id pointer of that time,
    /// so it can be found by id.</summary>
    public Task AddIdPointerAsync(FilingFacts f, CancellationToken ct = default) =>
        _filings.UpsertEntityAsync(new PointerEntity
        {
            PartitionKey = FilingKeys.IdPointerPartition(f.Id), FilingId = f.Id, FilingPartition = f.PartitionKey,
        }, TableUpdateMode.Replace, ct);

    public async Task<FilingEntity?> GetAsync(string partition, string id, CancellationToken ct = default)
    {
        var row = await _filings.GetEntityIfExistsAsync<FilingEntity>(partition, id, cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>The filing with this id: its row, or, while the row is not written yet, a Received row made from the
    /// facts its document carries (the filing is acknowledged once its bytes are stored). Null when there is none.</summary>
    public async Task<FilingEntity?> FindByIdAsync(string id, CancellationToken ct = default)
    {
        if (await _documents.FindDocumentByIdAsync(id, ct) is { } facts) return await GetAsync(facts.PartitionKey, id, ct) ?? FilingEntity.Create(facts, "[]", 0);
        // Stored before ids named their documents: the id pointer of that time.
        var pointer = await _filings.GetEntityIfExistsAsync<PointerEntity>(FilingKeys.IdPointerPartition(id), FilingKeys.PointerRowKey, cancellationToken: ct);
        return pointer.HasValue ? await GetAsync(pointer.Value!.FilingPartition, id, ct) : null;
    }

    /// <summary>The filing whose document has this SHA-256 (as <see cref="FindByIdAsync"/>: its row, or a Received row from the facts).</summary>
    public async Task<FilingEntity?> FindByHashAsync(string sha256, CancellationToken ct = default) =>
        await _documents.FindDocumentAsync(sha256, ct) is { } facts
            ? await GetAsync(facts.PartitionKey, facts.Id, ct) ?? FilingEntity.Create(facts, "[]", 0)
            : null;

    /// <summary>Moves a filing to a new status, only if nobody changed it since it was read (optimistic concurrency).</summary>
    public async Task<bool> TryUpdateStatusAsync(FilingEntity filing, FilingStatus status, DateTimeOffset at, CancellationToken ct = default)
    {
        filing.Status = status.ToString();
        filing.StatusChangedAtUtc = at;
        try
        {
            await _filings.UpdateEntityAsync(filing, filing.ETag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    /// <summary>Replaces the row only if nobody changed it since it was read (ETag); false when someone did.</summary>
    public async Task<bool> TryReplaceAsync(FilingEntity filing, CancellationToken ct = default)
    {
        try
        {
            await _filings.UpdateEntityAsync(filing, filing.ETag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    /// <summary>
    /// Marks a filing as replaced by a later original, once: false when it is missing or another filing already
    /// replaced it. Only ReplacedBy is merged (under the ETag read), so the status and steps written by others are kept.
    /// </summary>
    public async Task<bool> TryMarkReplacedAsync(string partition, string id, string replacedBy, CancellationToken ct = default)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await GetAsync(partition, id, ct) is not { } row) return false;
            if (row.ReplacedBy is { } already) return already == replacedBy;
            try
            {
                var mark = new TableEntity(partition, id) { [nameof(FilingEntity.ReplacedBy)] = replacedBy };
                await _filings.UpdateEntityAsync(mark, row.ETag, TableUpdateMode.Merge, ct);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed) { }
        }
        throw new InvalidOperationException($"Filing {id} kept changing while being marked replaced by {replacedBy}; retry later.");
    }

    /// <summary>The filings of one taxpayer and form in an office's period (the chain of originals and supplementaries).</summary>
    public async Task<IReadOnlyList<FilingEntity>> ListChainAsync(string office, string periodKey, string mst, string form, CancellationToken ct = default)
    {
        var partition = FilingKeys.FilingPartition(office, periodKey);
        var rows = new List<FilingEntity>();
        await foreach (var row in _filings.QueryAsync<FilingEntity>(e => e.PartitionKey == partition && e.Mst == mst && e.Form == form, cancellationToken: ct))
            rows.Add(row);
        return rows;
    }

    /// <summary>All filings for an office's period: one partition query.</summary>
    public AsyncPageable<FilingEntity> ListPeriodAsync(string office, string periodKey, CancellationToken ct = default) =>
        _filings.QueryAsync<FilingEntity>(e => e.PartitionKey == FilingKeys.FilingPartition(office, periodKey), cancellationToken: ct);
}
