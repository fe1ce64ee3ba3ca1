using System.Text.Json.Nodes;
using EFiling.Review;
using EFiling.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using static EFiling.Infra.Tests.Arm;

namespace EFiling.Infra.Tests;

/// <summary>
/// Checks on `bicep snapshot` of each parameters file (infra-bicep/out/snapshots/&lt;env&gt;.snapshot.json):
/// the compiled template expanded by the Bicep CLI with that environment's values, so names, role
/// definition ids and role scopes are concrete and can be compared exactly.
/// </summary>
public class SnapshotTests
{
    public static TheoryData<string> Environments => new(InfraFiles.Environments);

    private static List<JsonObject> Resources(string environment) =>
        SnapshotResources(InfraFiles.Snapshot(environment)).ToList();

    [Theory]
    [MemberData(nameof(Environments))]
    public void Snapshot_has_no_diagnostics(string environment)
    {
        var diagnostics = InfraFiles.Snapshot(environment)["diagnostics"] as JsonArray;
        Assert.True(diagnostics is null || diagnostics.Count == 0, diagnostics?.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Roles_are_only_allow_listed_data_roles_on_the_storage_account_or_vault(string environment)
    {
        Assert.Empty(InfraChecks.RoleAssignmentViolations(Resources(environment)));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Exactly_the_needed_roles_are_granted(string environment)
    {
        var grants = InfraChecks.Grants(Resources(environment))
            .Select(g => $"{g.RoleName} @ {g.ScopeKind}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "Key Vault Secrets User @ vault",
                "Storage Blob Data Owner @ storage",
                "Storage Queue Data Contributor @ storage",
                "Storage Table Data Contributor @ storage",
            ],
            grants);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Storage_is_locked_down_with_versioning_and_soft_delete(string environment)
    {
        var resources = Resources(environment);
        Assert.Empty(InfraChecks.StorageAccountViolations(resources));
        Assert.Empty(InfraChecks.BlobProtectionViolations(resources));
    }

    /// <summary>Test filings are deleted by a lifecycle rule: their container only, after the days the app states.</summary>
    [Theory]
    [MemberData(nameof(Environments))]
    public void A_lifecycle_rule_deletes_test_filings_and_nothing_else(string environment)
    {
        var policy = OfType(Resources(environment), "Microsoft.Storage/storageAccounts/managementPolicies").Single();
        var rule = Assert.Single(policy["properties"]!["policy"]!["rules"]!.AsArray())!;
        Assert.True((bool?)rule["enabled"]);
        var definition = rule["definition"]!;
        var prefixes = definition["filters"]!["prefixMatch"]!.AsArray().Select(p => (string?)p).ToList();
        Assert.Equal([(string?)InfraFiles.StorageNames()["containers"]!["testFilings"] + "/"], prefixes);
        Assert.Equal(7, (int?)definition["actions"]!["baseBlob"]!["delete"]!["daysAfterCreationGreaterThan"]);
        Assert.Equal(7, (int?)definition["actions"]!["version"]!["delete"]!["daysAfterCreationGreaterThan"]);
        Assert.Equal("7", InfraChecks.AppSettings(Resources(environment))["EFiling__TestMode__RetentionDays"]);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Containers_queues_and_tables_are_exactly_config_storage_names(string environment)
    {
        Assert.Empty(InfraChecks.StorageNameViolations(Resources(environment), InfraFiles.StorageNames()));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void App_settings_are_complete_keyless_and_as_expected(string environment)
    {
        var resources = Resources(environment);
        Assert.Empty(InfraChecks.AppSettingViolations(resources, InfraFiles.RequiredAppSettings()));

        var settings = InfraChecks.AppSettings(resources);
        Assert.Equal("10485760", settings["EFiling__MaxDocumentBytes"]);
        Assert.Equal("7", settings["EFiling__TestMode__RetentionDays"]);
        // Development only: callbacks to private addresses (SSRF) must never be allowed in Azure.
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("EFiling__Webhooks__AllowPrivateAddresses", StringComparison.Ordinal));
        Assert.Equal("1", settings["WEBSITE_RUN_FROM_PACKAGE"]);
        var vault = Str(OfType(resources, "Microsoft.KeyVault/vaults").Single()["name"]);
        Assert.Equal($"@Microsoft.KeyVault(VaultName={vault};SecretName=trusted-roots)", settings["EFiling__TrustedRoots"]);
        Assert.Equal($"@Microsoft.KeyVault(VaultName={vault};SecretName=intermediates)", settings["EFiling__Intermediates"]);
        Assert.Equal($"@Microsoft.KeyVault(VaultName={vault};SecretName=receipt-signing)", settings["EFiling__ReceiptCertificate"]);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Function_app_uses_the_user_assigned_identity_everywhere(string environment)
    {
        var resources = Resources(environment);
        Assert.Empty(InfraChecks.FunctionAppViolations(resources));

        var identity = OfType(resources, "Microsoft.ManagedIdentity/userAssignedIdentities").Single();
        var identityId = Str(identity["id"]);
        var app = InfraChecks.FunctionApp(resources)!;
        Assert.Equal(identityId, ((JsonObject)app["identity"]!["userAssignedIdentities"]!).Single().Key);
        Assert.Equal(identityId, Str(app["properties"]!["keyVaultReferenceIdentity"]));

        var settings = InfraChecks.AppSettings(resources);
        var clientId = $"[reference('{identityId}', '2023-01-31').clientId]";
        Assert.Equal(clientId, settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal(clientId, settings["AZURE_CLIENT_ID"]);

        // Every role assignment goes to that identity.
        Assert.All(OfType(resources, "Microsoft.Authorization/roleAssignments"),
            a => Assert.Contains($"'{identityId}'", Str(a["properties"]!["principalId"])));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Hosting_plan_is_linux_dedicated_and_basic_auth_publishing_is_off(string environment)
    {
        var resources = Resources(environment);
        var plan = OfType(resources, "Microsoft.Web/serverfarms").Single();
        var sku = Str(plan["sku"]?["name"]) ?? "";
        // Dedicated (App Service) tiers: Basic, Standard, Premium v3. Not Consumption (Y1),
        // Flex Consumption (FC1) or Elastic Premium (EP*): see infra-bicep/README.md.
        Assert.Matches("^(B[1-3]|S[1-3]|P[0-3]v3)$", sku);
        Assert.True(IsTrue(plan["properties"]?["reserved"]));

        var policies = OfType(resources, "Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(["ftp", "scm"], policies.Select(p => LastSegment(Str(p["name"])!)).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.True(IsFalse(p["properties"]?["allow"]), Describe(p)));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void App_service_authentication_uses_the_environments_entra_app_registration(string environment)
    {
        var resources = Resources(environment);
        Assert.Empty(InfraChecks.AuthenticationViolations(resources));

        var parameters = InfraFiles.Parameters(environment)["parameters"]!;
        var tenant = Str(parameters["entraTenantId"]?["value"]);
        var clientId = Str(parameters["entraClientId"]?["value"]);
        var auth = OfType(resources, "Microsoft.Web/sites/config").Single(c => Str(c["name"])!.EndsWith("/authsettingsV2", StringComparison.Ordinal));
        Assert.Equal($"{Str(InfraChecks.FunctionApp(resources)!["name"])}/authsettingsV2", Str(auth["name"]));
        var registration = auth["properties"]!["identityProviders"]!["azureActiveDirectory"]!["registration"]!;
        Assert.Equal(clientId, Str(registration["clientId"]));
        Assert.Equal($"[format('{{0}}{{1}}/v2.0', environment().authentication.loginEndpoint, '{tenant}')]", Str(registration["openIdIssuer"]));

        var vault = Str(OfType(resources, "Microsoft.KeyVault/vaults").Single()["name"]);
        Assert.Equal($"@Microsoft.KeyVault(VaultName={vault};SecretName=entra-client-secret)",
            InfraChecks.AppSettings(resources)["MICROSOFT_PROVIDER_AUTHENTICATION_SECRET"]);
    }

    /// <summary>
    /// The reviewers parameter (fixtures/reviewers.bicepparam) becomes app settings that the app's own configuration
    /// binding reads back as the same users: the template is the one place reviewers' offices are set in Azure.
    /// </summary>
    [Fact]
    public void The_reviewers_parameter_becomes_the_users_the_app_reads()
    {
        var resources = Resources(InfraFiles.ReviewersFixture);
        Assert.Empty(InfraChecks.AppSettingViolations(resources, InfraFiles.RequiredAppSettings()));
        Assert.Empty(InfraChecks.AuthenticationViolations(resources));

        // As the app reads environment variables: "__" separates sections.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(InfraChecks.AppSettings(resources).Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)))
            .Build();
        var users = configuration.GetSection($"{EFilingOptions.Section}:{AuthOptions.Section}").Get<AuthOptions>()!.Users;

        Assert.Equal(2, users.Count);
        Assert.Equal("officer.a@hn.example.invalid", users[0].Name);
        Assert.Equal("Nguyễn Văn A", users[0].DisplayName);
        Assert.Equal(["officer"], users[0].Roles);
        Assert.Equal(["10100", "10105"], users[0].Offices);
        Assert.Null(users[0].Province);
        Assert.Equal("supervisor@hn.example.invalid", users[1].Name);
        Assert.Empty(users[1].Roles);       // from the Entra app role
        Assert.Empty(users[1].Offices);
        Assert.Equal("101", users[1].Province);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void The_parameters_files_configure_no_reviewers(string environment)
    {
        Assert.DoesNotContain(InfraChecks.AppSettings(Resources(environment)).Keys,
            name => name.StartsWith("EFiling__Auth__Users__", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Key_vault_uses_rbac_and_soft_delete(string environment)
    {
        Assert.Empty(InfraChecks.KeyVaultViolations(Resources(environment)));
    }

    [Fact]
    public void Prod_is_purge_protected_zone_redundant_and_has_more_than_one_instance()
    {
        var resources = Resources("prod");
        Assert.True(IsTrue(OfType(resources, "Microsoft.KeyVault/vaults").Single()["properties"]?["enablePurgeProtection"]));
        Assert.Equal("Standard_ZRS", Str(OfType(resources, "Microsoft.Storage/storageAccounts").Single()["sku"]?["name"]));
        Assert.True(Int(OfType(resources, "Microsoft.Web/serverfarms").Single()["sku"]?["capacity"]) >= 2);
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Function_app_name_fits_the_32_character_host_id(string environment)
    {
        var name = Str(InfraChecks.FunctionApp(Resources(environment))!["name"])!;
        Assert.False(IsExpression(name), name);
        Assert.InRange(name.Length, 1, 32);
    }
}
