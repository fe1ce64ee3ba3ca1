using EFiling.Declarations.Catalogue;
using EFiling.Statistics;
using EFiling.Storage;

namespace EFiling.Statistics.Tests;

/// <summary>
/// Azurite from EFILING_TEST_STORAGE (test.sh starts it) with tables of this run's own names, so nothing the app's
/// tests write is counted here. Never skipped: without storage the tests fail and say why.
/// </summary>
public sealed class StatsStorage : IAsyncLifetime
{
    public StorageClients Clients { get; } = StorageClients.FromConnectionString(ConnectionString());
    public StorageNames Names { get; } = Unique();
    public IndicatorCatalogue Indicators { get; } = IndicatorCatalogue.Load();
    public FormCatalogue Forms { get; } = FormCatalogue.Load();

    public StatsCounter Counter() => new(Clients, Names, Indicators);
    public ChannelRecords Records() => new(Clients, Names);
    public FilingItems FilingItems() => new(Indicators, Forms);
    public StatsReader Reader() => new(Clients, Names, Indicators);
    public StatsRebuilder Rebuilder() => new(Clients, Names, Indicators, FilingItems(), Records(), Counter());
    public FilingIndex Index() => new(Clients, Names);

    private static string ConnectionString() =>
        Environment.GetEnvironmentVariable("EFILING_TEST_STORAGE") is { Length: > 0 } s ? s
        : throw new InvalidOperationException("EFILING_TEST_STORAGE is not set: run ./test.sh, or start Azurite and export its connection string (scripts/azurite.sh start DIR prints it).");

    private static StorageNames Unique()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var t = StorageNames.Default.Tables;
        return StorageNames.Default with
        {
            Tables = t with { Counters = "StatsC" + suffix, Filings = "StatsF" + suffix, CounterFilings = "StatsP" + suffix, Payments = "StatsM" + suffix },
        };
    }

    private IEnumerable<string> Tables => [Names.Tables.Counters, Names.Tables.Filings, Names.Tables.CounterFilings, Names.Tables.Payments];

    public async Task InitializeAsync()
    {
        foreach (var table in Tables) await Clients.Tables.GetTableClient(table).CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var table in Tables) await Clients.Tables.GetTableClient(table).DeleteAsync();
    }
}
