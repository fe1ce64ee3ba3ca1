using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using EFiling.Storage;

namespace EFiling.Statistics;

/// <summary>
/// The source of truth for what did not come through the API: paper filings registered at the counter (table
/// CounterFilings) and tax payments (table Payments), PK office, RK the item key. Written create-only, so a
/// re-sent row keeps its first content; `efiling stats rebuild` recounts from here and from the filing index.
/// </summary>
public sealed class ChannelRecords(StorageClients clients, StorageNames names)
{
    private readonly TableClient _counterFilings = clients.Tables.GetTableClient(names.Tables.CounterFilings);
    private readonly TableClient _payments = clients.Tables.GetTableClient(names.Tables.Payments);

    /// <summary>Stores the item unless its key exists; true when it was new.</summary>
    public async Task<bool> AddAsync(CountedItem item, CancellationToken ct = default)
    {
        var entity = new TableEntity(item.Office, item.Key)
        {
            ["Id"] = item.Id, ["Kind"] = item.Kind, ["Channel"] = item.Channel, ["Mst"] = item.Org,
            ["OfficeName"] = item.OfficeName, ["Date"] = item.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        try
        {
            await TableFor(item).AddEntityAsync(entity, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The stored item with this one's key (its first content), or null.</summary>
    public async Task<CountedItem?> GetAsync(CountedItem item, CancellationToken ct = default)
    {
        var row = await TableFor(item).GetEntityIfExistsAsync<TableEntity>(item.Office, item.Key, cancellationToken: ct);
        return row.HasValue ? FromRow(row.Value!, item.Source) : null;
    }

    public async IAsyncEnumerable<CountedItem> ListAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var (table, source) in new[] { (_counterFilings, CountedItem.CounterFiling), (_payments, CountedItem.Payment) })
        {
            await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: ct))
                yield return FromRow(row, source);
        }
    }

    private static CountedItem FromRow(TableEntity row, string source) =>
        new(source, row.GetString("Id"), row.GetString("Kind"), row.GetString("Channel"), row.GetString("Mst"),
            row.PartitionKey, row.GetString("OfficeName"), DateOnly.ParseExact(row.GetString("Date"), "yyyy-MM-dd", CultureInfo.InvariantCulture));

    private TableClient TableFor(CountedItem item) => item.Source switch
    {
        CountedItem.CounterFiling => _counterFilings,
        CountedItem.Payment => _payments,
        _ => throw new ArgumentException($"Only counter filings and payments are stored here, not {item.Key}.", nameof(item)),
    };
}
