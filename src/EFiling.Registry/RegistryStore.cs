using System.Globalization;
using Azure.Data.Tables;
using EFiling.Storage;

namespace EFiling.Registry;

/// <summary>Reads and writes the three registry tables (names from config/storage-names.json); agents' engagements
/// live in the Taxpayers table beside their clients (<see cref="AgentEngagementEntity"/>).</summary>
public sealed class RegistryStore(StorageClients clients, StorageNames names)
{
    private readonly TableClient _taxpayers = clients.Tables.GetTableClient(names.Tables.Taxpayers);
    private readonly TableClient _employers = clients.Tables.GetTableClient(names.Tables.Employers);
    private readonly TableClient _offices = clients.Tables.GetTableClient(names.Tables.TaxOffices);

    public async Task EnsureTablesAsync(CancellationToken ct = default) =>
        await Task.WhenAll(_taxpayers.CreateIfNotExistsAsync(ct), _employers.CreateIfNotExistsAsync(ct), _offices.CreateIfNotExistsAsync(ct));

    public async Task<TaxpayerRecord?> GetTaxpayerAsync(string mst, CancellationToken ct = default)
    {
        var row = await _taxpayers.GetEntityIfExistsAsync<TaxpayerEntity>(mst, TaxpayerEntity.Row, cancellationToken: ct);
        if (!row.HasValue) return null;
        var e = row.Value!;
        return new TaxpayerRecord(e.PartitionKey, e.Name, e.Office,
            Enum.TryParse<TaxpayerStatus>(e.Status, out var s) ? s : TaxpayerStatus.Suspended,
            e.Certificates.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    public async Task<EmployerRecord?> GetEmployerAsync(string unitCode, CancellationToken ct = default)
    {
        var row = await _employers.GetEntityIfExistsAsync<EmployerEntity>(unitCode, EmployerEntity.Row, cancellationToken: ct);
        return row.HasValue ? ToRecord(row.Value!) : null;
    }

    public async Task<IReadOnlyList<EmployerRecord>> EmployersOfAsync(string mst, CancellationToken ct = default)
    {
        var list = new List<EmployerRecord>();
        var partition = EmployerEntity.MstPartition(mst);
        await foreach (var e in _employers.QueryAsync<EmployerEntity>(e => e.PartitionKey == partition, cancellationToken: ct)) list.Add(ToRecord(e));
        return list;
    }

    public async Task<OfficeRecord?> GetOfficeAsync(string code, CancellationToken ct = default)
    {
        var row = await _offices.GetEntityIfExistsAsync<OfficeEntity>(code, OfficeEntity.Row, cancellationToken: ct);
        return row.HasValue ? new OfficeRecord(code, row.Value!.Name, row.Value.Province) : null;
    }

    /// <summary>The engagements of <paramref name="agentMst"/> by <paramref name="clientMst"/> (one range query in the client's partition).</summary>
    public async Task<IReadOnlyList<AgentEngagementRecord>> EngagementsAsync(string clientMst, string agentMst, CancellationToken ct = default)
    {
        var from = AgentEngagementEntity.AgentPrefix(agentMst);
        var until = from[..^1] + (char)('_' + 1);
        var list = new List<AgentEngagementRecord>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {clientMst} and RowKey ge {from} and RowKey lt {until}");
        await foreach (var e in _taxpayers.QueryAsync<AgentEngagementEntity>(filter, cancellationToken: ct))
        {
            if (!DateOnly.TryParseExact(e.From, RegistryCsv.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)) continue;
            DateOnly? end = DateOnly.TryParseExact(e.To, RegistryCsv.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
            list.Add(new AgentEngagementRecord(e.AgentMst, e.AgentName, e.PartitionKey, start, end, e.Contract));
        }
        return list;
    }

    public Task UpsertAsync(AgentEngagementRecord a, CancellationToken ct = default) =>
        _taxpayers.UpsertEntityAsync(new AgentEngagementEntity
        {
            PartitionKey = a.ClientMst, RowKey = AgentEngagementEntity.RowOf(a.AgentMst, a.From), AgentMst = a.AgentMst, AgentName = a.AgentName,
            From = a.From.ToString(RegistryCsv.DateFormat, CultureInfo.InvariantCulture),
            To = a.To?.ToString(RegistryCsv.DateFormat, CultureInfo.InvariantCulture) ?? "", Contract = a.Contract,
        }, TableUpdateMode.Replace, ct);

    public Task UpsertAsync(TaxpayerRecord t, CancellationToken ct = default) =>
        _taxpayers.UpsertEntityAsync(new TaxpayerEntity
        {
            PartitionKey = t.Mst, Name = t.Name, Office = t.Office, Status = t.Status.ToString(),
            Certificates = string.Join(';', t.CertificateThumbprints),
        }, TableUpdateMode.Replace, ct);

    public async Task UpsertAsync(EmployerRecord e, CancellationToken ct = default)
    {
        EmployerEntity Row(string pk, string rk) => new() { PartitionKey = pk, RowKey = rk, UnitCode = e.UnitCode, Mst = e.Mst, Name = e.Name, Office = e.Office };
        await _employers.UpsertEntityAsync(Row(e.UnitCode, EmployerEntity.Row), TableUpdateMode.Replace, ct);
        await _employers.UpsertEntityAsync(Row(EmployerEntity.MstPartition(e.Mst), e.UnitCode), TableUpdateMode.Replace, ct);
    }

    public Task UpsertAsync(OfficeRecord o, CancellationToken ct = default) =>
        _offices.UpsertEntityAsync(new OfficeEntity { PartitionKey = o.Code, Name = o.Name, Province = o.Province }, TableUpdateMode.Replace, ct);

    private static EmployerRecord ToRecord(EmployerEntity e) => new(e.UnitCode, e.Mst, e.Name, e.Office);
}
