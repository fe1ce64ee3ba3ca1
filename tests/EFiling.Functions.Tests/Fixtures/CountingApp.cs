using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using EFiling.Declarations.Identifiers;
using EFiling.Functions.Background;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Registry;
using EFiling.Signing;
using EFiling.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EFiling.Functions.Tests.Fixtures;

/// <summary>
/// Every storage request a client of the app sends, as it goes on the wire (an HTTP pipeline policy on every storage
/// client, run on every try, retries included): "PUT blob filings", "GET table Filings (point)", "POST table $batch", …
/// </summary>
public sealed class StorageRequestLog(int blobPort, int queuePort, int tablePort) : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<string> _requests = new();

    public override void OnSendingRequest(HttpMessage message) => _requests.Enqueue(Describe(message.Request));

    /// <summary>The requests sent since the last call, and forgets them.</summary>
    public IReadOnlyList<string> Take()
    {
        var taken = new List<string>();
        while (_requests.TryDequeue(out var r)) taken.Add(r);
        return taken;
    }

    private string Describe(Request request)
    {
        var uri = request.Uri.ToUri();
        var service = uri.Port == blobPort ? "blob" : uri.Port == queuePort ? "queue" : uri.Port == tablePort ? "table" : $"port {uri.Port}";
        // Path: /{account}/{resource…}
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        var resource = segments.Length == 0 ? "(account)" : Uri.UnescapeDataString(segments[0]);
        var what = service switch
        {
            "table" when resource.StartsWith("$batch", StringComparison.Ordinal) => "$batch",
            "table" when resource.Contains("(PartitionKey=", StringComparison.Ordinal) => resource[..resource.IndexOf('(')] + " (point)",
            "table" when resource.EndsWith("()", StringComparison.Ordinal) || uri.Query.Contains("$filter", StringComparison.Ordinal) => resource.TrimEnd('(', ')') + " (query)",
            "table" => resource,
            "queue" => resource + (segments.Length > 2 ? "/messages/{id}" : segments.Length > 1 ? "/messages" : ""),
            "blob" when uri.Query.Contains("comp=list", StringComparison.Ordinal) => resource + " (list)",
            _ => resource,
        };
        return $"{request.Method} {service} {what}";
    }
}

/// <summary>
/// The function app in this test process (not a separate process: so that its storage clients carry the counting
/// policy), on its own Azurite, with its reconciliation listener's polling off: the test hands it the batches it
/// receives, so what each phase costs is exact. A development PKI with <see cref="ExtraTaxpayers"/> more taxpayers,
/// each registered, active at office 10100 with its certificate, and an employer (DV{MST}) at BHXH office KV01.
/// </summary>
public sealed class CountingApp : IAsyncLifetime
{
    public const int ExtraTaxpayers = 16;

    private readonly string _folder = Azurite.TempFolder("counting");
    private Azurite _azurite = null!;
    private WebApplication _app = null!;

    public StorageRequestLog Requests { get; private set; } = null!;
    public DevPki Pki { get; private set; } = null!;
    public DeclarationSamples Samples { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public IReadOnlyList<DevPkiTaxpayerCertificate> Taxpayers { get; private set; } = [];
    public IServiceProvider Services => _app.Services;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        var extra = Enumerable.Range(0, int.MaxValue).Select(i => Mst.FromFirstNine($"{320_000_000 + 7 * i:000000000}")).OfType<Mst>()
            .Take(ExtraTaxpayers).Select((m, i) => new DevTaxpayer(m.ToString(), $"CÔNG TY TNHH ĐẾM SỐ {i:00}")).ToList();
        Pki = DevPki.Create(Path.Combine(_folder, "pki"), new DevPkiOptions { Taxpayers = [.. DevPkiOptions.DefaultTaxpayers, .. extra] });
        Samples = new DeclarationSamples(Pki);
        Taxpayers = extra.Select(t => Pki.Taxpayer(t.Mst)).ToList();

        var clients = StorageClients.FromConnectionString(_azurite.ConnectionString);
        await TestRegistry.SeedAsync(clients, Pki);
        var registry = new RegistryStore(clients, StorageNames.Default);
        await registry.UpsertAsync(new OfficeRecord(TestRegistry.SocialInsuranceOffice, "BHXH Hà Nội", "101"));
        foreach (var t in Taxpayers)
        {
            await registry.UpsertAsync(new TaxpayerRecord(t.Mst, t.Name, TestRegistry.Office, TaxpayerStatus.Active, [t.Certificate.Thumbprint]));
            await registry.UpsertAsync(new EmployerRecord(TestRegistry.UnitCodeOf(t), t.Mst, t.Name, TestRegistry.SocialInsuranceOffice));
        }

        Requests = new StorageRequestLog(_azurite.BlobPort!.Value, _azurite.QueuePort!.Value, _azurite.TablePort!.Value);
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var m = Pki.Manifest;
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["EFiling:TrustedRoots"] = Pki.PathOf(m.TrustedRoots),
            ["EFiling:Intermediates"] = Pki.PathOf(m.Intermediates),
            ["EFiling:CrlFolder"] = Path.GetDirectoryName(Pki.PathOf(m.Crl)),
            ["EFiling:ReceiptCertificate"] = Pki.PathOf(m.ReceiptSigning.File),
            ["EFiling:ReceiptCertificatePassword"] = m.ReceiptSigning.Password,
            ["EFiling:QueueListener"] = "false",
            // No sweep while requests are counted.
            ["EFiling:SweepInterval"] = "01:00:00",
            ["EFiling:RetryDelay"] = "00:00:01",
        };
        _app = FunctionsApp.Build(["--urls", url], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<HttpPipelinePolicy>(Requests);
        });
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Receives up to <paramref name="max"/> messages (one request) and has the app's listener handle them as
    /// one batch; returns how many it got.</summary>
    public async Task<int> ReconcileOneBatchAsync(int max = 32)
    {
        var queue = Services.GetRequiredService<FilingQueue>();
        var batch = (await queue.Received.ReceiveMessagesAsync(max, TimeSpan.FromMinutes(2))).Value;
        await Services.GetRequiredService<QueueListener>().HandleBatchAsync(batch, CancellationToken.None);
        return batch.Length;
    }

    /// <summary>Reconciles whatever is queued, batch after batch, until the queue is empty.</summary>
    public async Task ReconcileAllAsync()
    {
        while (await ReconcileOneBatchAsync() > 0) { }
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        Pki?.Dispose();
        if (_azurite is not null) await _azurite.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
