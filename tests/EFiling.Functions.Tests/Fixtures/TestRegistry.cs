using EFiling.Registry;
using EFiling.Signing;
using EFiling.Storage;

namespace EFiling.Functions.Tests.Fixtures;

/// <summary>
/// The registry every test app reconciles against: the PKI's first taxpayer is active at office 10100 (the example's
/// office) with its certificate registered; the second is suspended; the third is not registered at all. For social
/// insurance, each of the first two is an employer (unit code DV{MST}) at BHXH office KV01. The PKI's first tax agent is
/// registered (with its certificate) and engaged by the first taxpayer since 2025-01-02, open-ended.
/// </summary>
public static class TestRegistry
{
    public const string Office = "10100";
    public const string SocialInsuranceOffice = "KV01";

    /// <summary>The social-insurance unit code registered to a taxpayer here.</summary>
    public static string UnitCodeOf(DevPkiTaxpayerCertificate taxpayer) => "DV" + taxpayer.Mst;

    public static DevPkiTaxpayerCertificate Active(DevPki pki) => pki.Taxpayer("0100109106");
    public static DevPkiTaxpayerCertificate Suspended(DevPki pki) => pki.Taxpayer("0101601092");
    public static DevPkiTaxpayerCertificate Unregistered(DevPki pki) => pki.Taxpayer("0312345673");
    public static DevPkiTaxpayerCertificate Agent(DevPki pki) => pki.Agents[0];

    public static async Task SeedAsync(StorageClients clients, DevPki pki)
    {
        var store = new RegistryStore(clients, StorageNames.Default);
        await store.EnsureTablesAsync();
        var active = Active(pki);
        await store.UpsertAsync(new TaxpayerRecord(active.Mst, active.Name, Office, TaxpayerStatus.Active, [active.Certificate.Thumbprint]));
        var suspended = Suspended(pki);
        await store.UpsertAsync(new TaxpayerRecord(suspended.Mst, suspended.Name, Office, TaxpayerStatus.Suspended, [suspended.Certificate.Thumbprint]));
        await store.UpsertAsync(new OfficeRecord(Office, "Thuế Thành phố Hà Nội", "101"));
        var agent = Agent(pki);
        await store.UpsertAsync(new TaxpayerRecord(agent.Mst, agent.Name, "70100", TaxpayerStatus.Active, [agent.Certificate.Thumbprint]));
        await store.UpsertAsync(new AgentEngagementRecord(agent.Mst, agent.Name, active.Mst, new DateOnly(2025, 1, 2), null, "01/2025/HĐDV"));
        foreach (var employer in new[] { active, suspended })
            await store.UpsertAsync(new EmployerRecord(UnitCodeOf(employer), employer.Mst, employer.Name, SocialInsuranceOffice));
    }
}
