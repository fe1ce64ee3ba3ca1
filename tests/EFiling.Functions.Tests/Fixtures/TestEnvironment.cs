using EFiling.Functions.Tests.Infrastructure;
using EFiling.Signing;
using EFiling.Storage;

namespace EFiling.Functions.Tests.Fixtures;

/// <summary>
/// What every test shares: storage (EFILING_TEST_STORAGE when test.sh gives it, else an Azurite started here),
/// a development PKI, the declaration samples, and one running app configured like production.
/// </summary>
public sealed class TestEnvironment : IAsyncLifetime
{
    private Azurite? _ownAzurite;
    private string _folder = "";

    public string StorageConnectionString { get; private set; } = "";
    public DevPki Pki { get; private set; } = null!;

    /// <summary>Another PKI whose root is the test trust anchor (EFiling__TestMode__TrustedRoots): trusted for test filings only.</summary>
    public DevPki TestAnchor { get; private set; } = null!;
    public DeclarationSamples TestAnchorSamples { get; private set; } = null!;
    public DeclarationSamples Samples { get; private set; } = null!;
    public AppProcess App { get; private set; } = null!;

    /// <summary>The storage classes of the app, on the same account, for checks the API cannot show.</summary>
    public StorageClients Storage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _folder = Azurite.TempFolder("tests");
        var given = Environment.GetEnvironmentVariable("EFILING_TEST_STORAGE");
        if (string.IsNullOrWhiteSpace(given))
        {
            _ownAzurite = await Azurite.StartAsync();
            given = _ownAzurite.ConnectionString;
        }
        StorageConnectionString = given;
        Storage = StorageClients.FromConnectionString(given);
        Pki = DevPki.Create(Path.Combine(_folder, "pki"));
        Samples = new DeclarationSamples(Pki);
        TestAnchor = DevPki.Create(Path.Combine(_folder, "test-anchor"));
        TestAnchorSamples = new DeclarationSamples(TestAnchor);
        App = await StartAppAsync(StorageConnectionString);
    }

    /// <summary>Starts another app process on the given storage, configured like the shared one.</summary>
    public async Task<AppProcess> StartAppAsync(string storage, IReadOnlyDictionary<string, string?>? extra = null)
    {
        await TestRegistry.SeedAsync(StorageClients.FromConnectionString(storage), Pki);
        return await AppProcess.StartAsync(Settings(storage, extra));
    }

    /// <summary>The same app inside the test process, with the crash points <paramref name="crashAt"/> switched on
    /// (<see cref="CrashPoints"/>): a test-only service, which the app process cannot be given.</summary>
    public async Task<InProcessApp> StartInProcessAppAsync(string storage, IReadOnlyDictionary<string, string?>? extra = null, params string[] crashAt)
    {
        await TestRegistry.SeedAsync(StorageClients.FromConnectionString(storage), Pki);
        return await InProcessApp.StartAsync(Settings(storage, extra), crashAt: crashAt);
    }

    /// <summary>The settings every test app gets (as environment variables, or as configuration in process), plus <paramref name="extra"/>.</summary>
    public Dictionary<string, string?> Settings(string storage, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var m = Pki.Manifest;
        var environment = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["EFiling__TrustedRoots"] = Pki.PathOf(m.TrustedRoots),
            ["EFiling__Intermediates"] = Pki.PathOf(m.Intermediates),
            ["EFiling__CrlFolder"] = Path.GetDirectoryName(Pki.PathOf(m.Crl)),
            ["EFiling__ReceiptCertificate"] = Pki.PathOf(m.ReceiptSigning.File),
            ["EFiling__ReceiptCertificatePassword"] = m.ReceiptSigning.Password,
            ["EFiling__MaxDocumentBytes"] = $"{MaxDocumentBytes}",
            ["EFiling__TestMode__TrustedRoots"] = TestAnchor.PathOf(TestAnchor.Manifest.TrustedRoots),
            ["EFiling__TestMode__Intermediates"] = TestAnchor.PathOf(TestAnchor.Manifest.Intermediates),
            ["EFiling__TestMode__CrlFolder"] = Path.GetDirectoryName(TestAnchor.PathOf(TestAnchor.Manifest.Crl)),
            // Short sweep so recovery shows within seconds.
            ["EFiling__SweepInterval"] = "00:00:01",
            ["EFiling__SweepGrace"] = "00:00:02",
            // A failed or waiting message comes back after a second, not host.json's 30 s.
            ["EFiling__RetryDelay"] = "00:00:01",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) environment[key] = value;
        return environment;
    }

    /// <summary>Smaller than the default so the 413 tests send little.</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    public async Task DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
        Pki?.Dispose();
        TestAnchor?.Dispose();
        if (_ownAzurite is not null) await _ownAzurite.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<TestEnvironment>
{
    public const string Name = "app";
}
