using EFiling.Functions.TestMode;
using EFiling.ServiceDefaults;

namespace EFiling.Infra.Tests;

/// <summary>
/// The settings Azure gets (infra-bicep/app-settings.required.json, checked against the template by the other
/// tests) and the settings the app binds (EFilingOptions) are the same list, so neither side can drift.
/// </summary>
public class AppReadsWhatInfraSetsTests
{
    /// <summary>Settings with a safe default in Azure, which the template therefore leaves unset on purpose.</summary>
    private static readonly string[] OptionalInAzure =
    [
        nameof(EFilingOptions.ReceiptCertificatePassword), // the Key Vault certificate secret is a password-less PFX
        nameof(EFilingOptions.DevelopmentFolder),          // only used when no receipt certificate is configured
        nameof(EFilingOptions.SchemasFolder),              // the schemas ship inside the package
        nameof(EFilingOptions.SchemaPacks),                // the operator's HTKK packs, once copied to the app's share (README)
        nameof(EFilingOptions.Sha1AcceptedUntil),          // default 2022-01-01: SHA-1 only for old filings
        nameof(EFilingOptions.MinRsaKeyBits),              // default 1024, 1024-bit keys warned
        nameof(EFilingOptions.AllowBranchOnParentCertificate), // off (refused) unless an office decides otherwise
        nameof(EFilingOptions.XmlDsig),                    // Fast; Reference only to switch the fast path off
        // Parser limits: the defaults (README, "Parser limits") leave a wide margin over the largest real filings.
        nameof(EFilingOptions.MaxDepth),
        nameof(EFilingOptions.MaxElements),
        nameof(EFilingOptions.MaxAttributesPerElement),
        nameof(EFilingOptions.MaxNameLength),
        nameof(EFilingOptions.MaxTextLength),
        nameof(EFilingOptions.SweepInterval),
        nameof(EFilingOptions.SweepGrace),
        "Auth__Users",                                     // reviewers: the template's `reviewers` parameter, empty by default
        nameof(EFilingOptions.RetryDelay),                 // unset: host.json's visibilityTimeout, as under the host
        nameof(EFilingOptions.QueueListener),              // standalone only; under the Functions host the host polls
        // Reconciliation policy: the defaults are the documented policy; an office changes them deliberately.
        .. typeof(EFiling.Reconciliation.ReconciliationOptions).GetProperties().Select(p => $"Reconciliation__{p.Name}"),
        // Revocation policy: Review when unknown, online on, 3 s (README); an office changes them deliberately.
        .. typeof(EFiling.ServiceDefaults.RevocationOptions).GetProperties().Select(p => $"Revocation__{p.Name}"),
        // Rate limits: the defaults (README, "Rate limits") suit a deadline day; an operator tunes them deliberately.
        .. typeof(EFiling.Functions.RateLimiting.RateLimitOptions).GetProperties().Select(p => $"RateLimits__{p.Name}"),
        // Test mode: on, with no test anchor of its own until the operator configures one (README, "Test filings");
        // RetentionDays is set (the lifecycle rule's days).
        .. new[] { nameof(TestModeOptions.Enabled), nameof(TestModeOptions.TrustedRoots), nameof(TestModeOptions.Intermediates), nameof(TestModeOptions.CrlFolder) }
            .Select(n => $"{TestModeOptions.Section}__{n}"),
        // Webhooks: the defaults (README, "Webhooks") are the documented policy. AllowPrivateAddresses is development-only
        // (SSRF): SnapshotTests checks it is never deployed.
        .. typeof(EFiling.Webhooks.WebhookOptions).GetProperties().Where(p => p.CanWrite).Select(p => $"Webhooks__{p.Name}"),
        // Console telemetry is for local diagnosis; in Azure, APPLICATIONINSIGHTS_CONNECTION_STRING (set) decides.
        .. typeof(EFiling.Functions.Telemetry.TelemetryOptions).GetProperties().Select(p => $"Telemetry__{p.Name}"),
    ];

    /// <summary>Sections under EFiling that the app binds to their own options class (EFiling__Auth__Mode, …).</summary>
    private static readonly Dictionary<string, Type> NestedSections = new()
    {
        [EFiling.Review.AuthOptions.Section] = typeof(EFiling.Review.AuthOptions),
        ["Reconciliation"] = typeof(EFiling.Reconciliation.ReconciliationOptions),
        ["Revocation"] = typeof(EFiling.ServiceDefaults.RevocationOptions),
        [EFiling.Functions.RateLimiting.RateLimitOptions.Section] = typeof(EFiling.Functions.RateLimiting.RateLimitOptions),
        [EFiling.Functions.Telemetry.TelemetryOptions.Section] = typeof(EFiling.Functions.Telemetry.TelemetryOptions),
        [TestModeOptions.Section] = typeof(TestModeOptions),
        [EFiling.Webhooks.WebhookOptions.Section] = typeof(EFiling.Webhooks.WebhookOptions),
    };

    private static IEnumerable<string> BoundSettings() =>
        typeof(EFilingOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name)
            .Concat(NestedSections.SelectMany(s => s.Value.GetProperties().Where(p => p.CanWrite).Select(p => $"{s.Key}__{p.Name}")));

    [Fact]
    public void Every_efiling_setting_the_template_sets_is_one_the_app_binds()
    {
        var bound = BoundSettings().ToHashSet();
        var set = InfraFiles.RequiredAppSettings().Where(n => n.StartsWith(EFilingOptions.Section + "__", StringComparison.Ordinal));
        Assert.All(set, name => Assert.Contains(name[(EFilingOptions.Section.Length + 2)..], bound));
    }

    [Fact]
    public void Every_setting_the_app_binds_is_set_by_the_template_or_safe_to_leave_unset()
    {
        var required = InfraFiles.RequiredAppSettings().ToHashSet();
        var missing = BoundSettings().Where(p => !OptionalInAzure.Contains(p) && !required.Contains($"{EFilingOptions.Section}__{p}")).ToList();
        Assert.True(missing.Count == 0, "Set in infra-bicep (and app-settings.required.json) or declare optional here: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_optional_list_names_only_real_settings()
    {
        var bound = BoundSettings().ToHashSet();
        Assert.All(OptionalInAzure, name => Assert.Contains(name, bound));
    }
}
