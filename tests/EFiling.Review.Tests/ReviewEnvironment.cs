using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Signing;
using EFiling.Storage;

namespace EFiling.Review.Tests;

/// <summary>
/// An Azurite of its own, a development PKI, and the app with
/// development sign-in and five configured users: officers of office A (10100, Hà Nội) and B (70100, TP. HCM),
/// a Hà Nội supervisor (province 101, by code prefix: no TaxOffices rows), an administrator, and a user without roles.
/// Not test.sh's shared Azurite: storage names are fixed, so this app's queue listener would compete with the function
/// app tests' for filings-received, and a message it defers (a waiting supplementary) stays hidden for host.json's 30 s
/// visibilityTimeout here, which made those tests time out under the full parallel suite.
/// </summary>
public sealed class ReviewEnvironment : IAsyncLifetime
{
    public const string OfficeA = "10100", OfficeB = "70100";
    public const string OfficerA = "officer.a@hn.gdt.gov.vn", OfficerA2 = "officer.a2@hn.gdt.gov.vn", OfficerB = "officer.b@hcm.gdt.gov.vn";
    public const string SupervisorHanoi = "supervisor@hn.gdt.gov.vn", Administrator = "admin@gdt.gov.vn", NoRole = "visitor@gdt.gov.vn";

    private Azurite _azurite = null!;
    private string _folder = "";

    public string Storage { get; private set; } = "";
    public DevPki Pki { get; private set; } = null!;
    public ReviewSamples Samples { get; private set; } = null!;
    public AppProcess App { get; private set; } = null!;
    public StorageClients Clients { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _folder = Azurite.TempFolder("review-tests");
        _azurite = await Azurite.StartAsync();
        Storage = _azurite.ConnectionString;
        Clients = StorageClients.FromConnectionString(Storage);
        Pki = DevPki.Create(Path.Combine(_folder, "pki"));
        Samples = new ReviewSamples(Pki);
        App = await StartAppAsync(new Dictionary<string, string?> { ["EFiling__Auth__Mode"] = "Development" });
    }

    public Task<AppProcess> StartAppAsync(IReadOnlyDictionary<string, string?> extra, string? storage = null) =>
        AppProcess.StartAsync(Settings(extra, storage));

    /// <summary>The shared app's settings (storage, PKI, the five users) plus <paramref name="extra"/>.</summary>
    private Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?> extra, string? storage)
    {
        var m = Pki.Manifest;
        var environment = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage ?? Storage,
            ["EFiling__TrustedRoots"] = Pki.PathOf(m.TrustedRoots),
            ["EFiling__Intermediates"] = Pki.PathOf(m.Intermediates),
            ["EFiling__CrlFolder"] = Path.GetDirectoryName(Pki.PathOf(m.Crl)),
            ["EFiling__ReceiptCertificate"] = Pki.PathOf(m.ReceiptSigning.File),
            ["EFiling__ReceiptCertificatePassword"] = m.ReceiptSigning.Password,
        };
        var users = new (string Name, string Role, string? Office, string? Province)[]
        {
            (OfficerA, "officer", OfficeA, null), (OfficerA2, "officer", OfficeA, null), (OfficerB, "officer", OfficeB, null),
            (SupervisorHanoi, "supervisor", null, "101"), (Administrator, "administrator", null, null), (NoRole, "", null, null),
        };
        for (var i = 0; i < users.Length; i++)
        {
            var (name, role, office, province) = users[i];
            environment[$"EFiling__Auth__Users__{i}__Name"] = name;
            environment[$"EFiling__Auth__Users__{i}__DisplayName"] = name.Split('@')[0];
            if (role.Length > 0) environment[$"EFiling__Auth__Users__{i}__Roles__0"] = role;
            if (office is not null) environment[$"EFiling__Auth__Users__{i}__Offices__0"] = office;
            if (province is not null) environment[$"EFiling__Auth__Users__{i}__Province"] = province;
        }
        foreach (var (k, v) in extra) environment[k] = v;
        return environment;
    }

    /// <summary>
    /// An app like the shared one on an Azurite of its own. For tests that assert what background work has not done
    /// (yet): on the shared storage the shared app's sweep and queue listener could do it first, whenever a slow
    /// moment lets their grace period pass. With crash points (<see cref="CrashPoints"/>, test-only services) it runs
    /// inside the test process.
    /// </summary>
    public async Task<OwnApp> StartOwnAppAsync(IReadOnlyDictionary<string, string?> extra, params string[] crashAt)
    {
        var azurite = await Azurite.StartAsync();
        try
        {
            ITestApp app = crashAt.Length == 0
                ? await StartAppAsync(extra, azurite.ConnectionString)
                : await InProcessApp.StartAsync(Settings(extra, azurite.ConnectionString), crashAt: crashAt);
            return new OwnApp(app, StorageClients.FromConnectionString(azurite.ConnectionString), azurite);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client signed in (development cookie) as the user, to the shared app or to the one given.</summary>
    public async Task<HttpClient> SignInAsync(string user, ITestApp? app = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = (app ?? App).BaseAddress };
        using var response = await client.PostAsJsonAsync("/api/review/signin", new { name = user });
        if (user != NoRole) response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>Submits a declaration for the office through the real API, waits for reconciliation to decide, then
    /// puts the filing in the status the test needs (what reconciliation decides is not under test here).</summary>
    public Task<string> FilingAsync(string office, string status = "NeedsReview", int daysLate = 0, string? mst = null, OwnApp? on = null) =>
        FilingAsync(Samples.Declaration(office, mst), status, daysLate, on);

    /// <summary>The same for a declaration made by the test.</summary>
    public async Task<string> FilingAsync(byte[] declaration, string status = "NeedsReview", int daysLate = 0, OwnApp? on = null)
    {
        using var response = await (on?.App ?? App).Client.SubmitAsync(declaration, accept: "application/json");
        if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var id = (string)(await response.JsonAsync())["id"]!;
        var clients = on?.Clients ?? Clients;
        var filings = clients.Tables.GetTableClient(StorageNames.Default.Tables.Filings);
        var partition = (await new FilingIndex(clients, StorageNames.Default).FindByIdAsync(id))!.PartitionKey;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await filings.GetEntityAsync<TableEntity>(partition, id)).Value.GetString("Status") == "Received")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Filing {id} stayed Received.");
            await Task.Delay(200);
        }
        await filings.UpdateEntityAsync(new TableEntity(partition, id) { ["Status"] = status, ["DaysLate"] = daysLate }, Azure.ETag.All, TableUpdateMode.Merge);
        return id;
    }

    public async Task DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
        Pki?.Dispose();
        if (_azurite is not null) await _azurite.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>An app and the Azurite only it uses; disposing stops both.</summary>
public sealed record OwnApp(ITestApp App, StorageClients Clients, Azurite Azurite) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ReviewCollection : ICollectionFixture<ReviewEnvironment>
{
    public const string Name = "review";
}
