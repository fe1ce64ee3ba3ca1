using System.Text.Json.Nodes;
using static EFiling.Infra.Tests.Arm;

namespace EFiling.Infra.Tests;

/// <summary>
/// Each check must be able to fail. These tests break a copy of the real dev snapshot (or a compiled
/// template, or a hand-written snippet) in one way and assert the check reports exactly that.
/// </summary>
public class ChecksCanFailTests
{
    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    private const string UserAccessAdministrator = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";

    /// <summary>A deep copy of the dev snapshot's resources, to break.</summary>
    private static List<JsonObject> Dev() =>
        SnapshotResources(InfraFiles.Snapshot("dev")).Select(r => (JsonObject)r.DeepClone()).ToList();

    private static JsonObject Single(List<JsonObject> resources, string type) => OfType(resources, type).Single();

    private static JsonObject StorageProperties(List<JsonObject> resources) =>
        (JsonObject)Single(resources, "Microsoft.Storage/storageAccounts")["properties"]!;

    private static JsonArray AppSettingsArray(List<JsonObject> resources) =>
        (JsonArray)InfraChecks.FunctionApp(resources)!["properties"]!["siteConfig"]!["appSettings"]!;

    [Theory]
    [InlineData(Owner)]
    [InlineData(Contributor)]
    [InlineData(UserAccessAdministrator)]
    public void A_broad_role_is_reported(string roleId)
    {
        var resources = Dev();
        var blob = OfType(resources, "Microsoft.Authorization/roleAssignments")
            .First(a => Str(a["properties"]!["roleDefinitionId"])!.EndsWith(InfraChecks.StorageBlobDataOwner, StringComparison.Ordinal));
        blob["properties"]!["roleDefinitionId"] = $"/subscriptions/00000000-0000-0000-0000-00000000aaaa/providers/Microsoft.Authorization/roleDefinitions/{roleId}";

        var violations = InfraChecks.RoleAssignmentViolations(resources);

        Assert.Contains(violations, v => v.Contains($"role {roleId} is not in the allow-list", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/subscriptions/00000000-0000-0000-0000-00000000aaaa", "subscription")]
    [InlineData("/subscriptions/00000000-0000-0000-0000-00000000aaaa/resourceGroups/rg-efiling-dev", "resource group")]
    public void A_role_scoped_wider_than_the_storage_account_is_reported(string scope, string kind)
    {
        var resources = Dev();
        var blob = OfType(resources, "Microsoft.Authorization/roleAssignments")
            .First(a => Str(a["properties"]!["roleDefinitionId"])!.EndsWith(InfraChecks.StorageBlobDataOwner, StringComparison.Ordinal));
        blob["id"] = $"[extensionResourceId('{scope}', 'Microsoft.Authorization/roleAssignments', 'x')]";

        Assert.Equal(kind, InfraChecks.ScopeKind(InfraChecks.ScopeOf(blob)));
        Assert.Contains(InfraChecks.RoleAssignmentViolations(resources),
            v => v.Contains($"scope '{scope}' is not the storage account or the Key Vault", StringComparison.Ordinal));
    }

    [Fact]
    public void A_storage_role_on_the_vault_and_an_unresolved_role_id_are_reported()
    {
        var resources = Dev();
        var assignments = OfType(resources, "Microsoft.Authorization/roleAssignments").ToList();
        var vaultRole = assignments.Single(a => InfraChecks.ScopeKind(InfraChecks.ScopeOf(a)) == "vault");
        vaultRole["properties"]!["roleDefinitionId"] = $"/providers/Microsoft.Authorization/roleDefinitions/{InfraChecks.StorageBlobDataOwner}";
        var tableRole = assignments.Single(a => Str(a["properties"]!["roleDefinitionId"])!.EndsWith(InfraChecks.StorageTableDataContributor, StringComparison.Ordinal));
        tableRole["properties"]!["roleDefinitionId"] = "[parameters('someRole')]";

        var violations = InfraChecks.RoleAssignmentViolations(resources);

        Assert.Contains(violations, v => v.Contains($"role {InfraChecks.StorageBlobDataOwner} does not belong on vault scope", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("'[parameters('someRole')]' is not a resolved built-in role definition id", StringComparison.Ordinal));
    }

    [Fact]
    public void A_role_for_a_principal_other_than_the_identity_is_reported()
    {
        var resources = Dev();
        var assignment = OfType(resources, "Microsoft.Authorization/roleAssignments").First();
        assignment["properties"]!["principalId"] = "11111111-1111-1111-1111-111111111111";
        assignment["properties"]!["principalType"] = "User";

        var violations = InfraChecks.RoleAssignmentViolations(resources);

        Assert.Contains(violations, v => v.Contains("principalType must be ServicePrincipal", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("is not the user-assigned identity", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("allowBlobPublicAccess", "true", "allowBlobPublicAccess must be false")]
    [InlineData("allowSharedKeyAccess", "true", "allowSharedKeyAccess must be false")]
    [InlineData("allowSharedKeyAccess", "\"[parameters('sharedKey')]\"", "allowSharedKeyAccess must be false")]
    [InlineData("minimumTlsVersion", "\"TLS1_0\"", "minimumTlsVersion must be TLS1_2 or later")]
    [InlineData("supportsHttpsTrafficOnly", "false", "supportsHttpsTrafficOnly must be true")]
    public void A_weakened_storage_account_is_reported(string property, string json, string expected)
    {
        var resources = Dev();
        StorageProperties(resources)[property] = JsonNode.Parse(json);

        Assert.Contains(InfraChecks.StorageAccountViolations(resources), v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("allowBlobPublicAccess")]
    [InlineData("allowSharedKeyAccess")]
    public void A_storage_lock_left_unset_is_reported(string property)
    {
        var resources = Dev();
        StorageProperties(resources).Remove(property);

        Assert.Contains(InfraChecks.StorageAccountViolations(resources), v => v.Contains($"{property} must be false, is unset", StringComparison.Ordinal));
    }

    [Fact]
    public void Blob_versioning_or_soft_delete_off_is_reported()
    {
        var resources = Dev();
        var blob = (JsonObject)Single(resources, "Microsoft.Storage/storageAccounts/blobServices")["properties"]!;
        blob["isVersioningEnabled"] = false;
        blob["deleteRetentionPolicy"]!["enabled"] = false;
        blob["containerDeleteRetentionPolicy"]!["days"] = 1;
        OfType(resources, "Microsoft.Storage/storageAccounts/blobServices/containers").First()["properties"]!["publicAccess"] = "Blob";

        var violations = InfraChecks.BlobProtectionViolations(resources);

        Assert.Contains(violations, v => v.Contains("isVersioningEnabled must be true", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("deleteRetentionPolicy.enabled must be true", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("containerDeleteRetentionPolicy.days must be a number of at least 7", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("publicAccess must be None", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_renamed_or_extra_storage_name_is_reported()
    {
        var resources = Dev();
        resources.Remove(OfType(resources, "Microsoft.Storage/storageAccounts/tableServices/tables").First(t => Str(t["name"])!.EndsWith("/Audit", StringComparison.Ordinal)));
        var poison = OfType(resources, "Microsoft.Storage/storageAccounts/queueServices/queues").First(q => Str(q["name"])!.EndsWith("-poison", StringComparison.Ordinal));
        poison["name"] = Str(poison["name"])!.Replace("filings-received-poison", "filings-poison", StringComparison.Ordinal);

        var violations = InfraChecks.StorageNameViolations(resources, InfraFiles.StorageNames());

        Assert.Contains("tables: 'Audit' is in config/storage-names.json but not created", violations);
        Assert.Contains("queues: 'filings-received-poison' is in config/storage-names.json but not created", violations);
        Assert.Contains("queues: 'filings-poison' is created but not in config/storage-names.json", violations);
    }

    [Fact]
    public void Storage_names_from_an_unevaluated_template_are_not_taken_as_matching()
    {
        var compiled = TemplateResources(InfraFiles.CompiledTemplate()).ToList();

        Assert.Contains(InfraChecks.StorageNameViolations(compiled, InfraFiles.StorageNames()),
            v => v.Contains("names not resolved, cannot compare", StringComparison.Ordinal));
    }

    [Fact]
    public void App_settings_from_an_unevaluated_template_are_not_taken_as_checked()
    {
        var compiled = TemplateResources(InfraFiles.CompiledTemplate()).ToList();

        Assert.Contains(InfraChecks.AppSettingViolations(compiled, InfraFiles.RequiredAppSettings()),
            v => v.StartsWith("siteConfig.appSettings is not resolved, cannot check", StringComparison.Ordinal));
        Assert.Contains(InfraChecks.AuthenticationViolations(compiled),
            v => v.StartsWith("siteConfig.appSettings is not resolved, cannot check", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_required_app_setting_is_reported()
    {
        var resources = Dev();
        var settings = AppSettingsArray(resources);
        settings.Remove(settings.OfType<JsonObject>().Single(s => Str(s["name"]) == "EFiling__CrlFolder"));

        Assert.Contains("app setting 'EFiling__CrlFolder' (app-settings.required.json) is not set",
            InfraChecks.AppSettingViolations(resources, InfraFiles.RequiredAppSettings()));
    }

    [Fact]
    public void A_key_based_storage_connection_is_reported()
    {
        var resources = Dev();
        AppSettingsArray(resources).Add(new JsonObject
        {
            ["name"] = "AzureWebJobsStorage",
            ["value"] = "[format('DefaultEndpointsProtocol=https;AccountName={0};AccountKey={1}', 'st', listKeys('st', '2024-01-01').keys[0].value)]",
        });

        var violations = InfraChecks.AppSettingViolations(resources, InfraFiles.RequiredAppSettings());

        Assert.Contains("app setting 'AzureWebJobsStorage' must not be set (it needs a storage key)", violations);
        Assert.Contains("app setting 'AzureWebJobsStorage' contains 'AccountKey='", violations);
        Assert.Contains("app setting 'AzureWebJobsStorage' contains 'listKeys('", violations);
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME", "dotnet-isolated", "must be 'custom'")]
    [InlineData("AzureWebJobsStorage__credential", "connectionstring", "must be 'managedidentity'")]
    [InlineData("EFiling__TrustedRoots", "/home/site/wwwroot/roots.pem", "must be a Key Vault reference")]
    [InlineData("EFiling__MaxDocumentBytes", "ten megabytes", "must be a positive number")]
    [InlineData("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000000", "must be the user-assigned identity's clientId")]
    [InlineData("AzureWebJobsStorage__queueServiceUri", "http://127.0.0.1:10001/devstoreaccount1", "must be the https queue endpoint")]
    public void A_wrong_app_setting_value_is_reported(string name, string value, string expected)
    {
        var resources = Dev();
        AppSettingsArray(resources).OfType<JsonObject>().Single(s => Str(s["name"]) == name)["value"] = value;

        Assert.Contains(InfraChecks.AppSettingViolations(resources, InfraFiles.RequiredAppSettings()),
            v => v.StartsWith($"app setting '{name}'", StringComparison.Ordinal) && v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_system_assigned_identity_or_missing_always_on_is_reported()
    {
        var resources = Dev();
        var app = InfraChecks.FunctionApp(resources)!;
        app["identity"]!["type"] = "SystemAssigned, UserAssigned";
        app["properties"]!["siteConfig"]!["alwaysOn"] = false;
        ((JsonObject)app["properties"]!).Remove("keyVaultReferenceIdentity");

        var violations = InfraChecks.FunctionAppViolations(resources);

        Assert.Contains(violations, v => v.Contains("identity.type must be UserAssigned", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("alwaysOn must be true", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("keyVaultReferenceIdentity must be the user-assigned identity", StringComparison.Ordinal));
    }

    private static JsonObject AuthSettings(List<JsonObject> resources) =>
        (JsonObject)OfType(resources, "Microsoft.Web/sites/config").Single(c => Str(c["name"])!.EndsWith("/authsettingsV2", StringComparison.Ordinal))["properties"]!;

    [Fact]
    public void An_app_trusting_the_principal_header_without_app_service_authentication_is_reported()
    {
        var resources = Dev();
        resources.RemoveAll(r => IsType(r, "Microsoft.Web/sites/config") && Str(r["name"])!.EndsWith("/authsettingsV2", StringComparison.Ordinal));

        Assert.Contains(InfraChecks.AuthenticationViolations(resources),
            v => v.Contains("expected exactly one App Service Authentication config", StringComparison.Ordinal) && v.Contains("could be forged", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("globalValidation", "unauthenticatedClientAction", "\"Return401\"", "unauthenticatedClientAction must be AllowAnonymous")]
    [InlineData("globalValidation", "unauthenticatedClientAction", "\"RedirectToLoginPage\"", "unauthenticatedClientAction must be AllowAnonymous")]
    [InlineData("globalValidation", "requireAuthentication", "true", "requireAuthentication must be false")]
    [InlineData("platform", "enabled", "false", "platform.enabled must be true")]
    [InlineData("platform", "enabled", "\"[parameters('authOn')]\"", "platform.enabled must be true")]
    [InlineData("login", "tokenStore", "{\"enabled\": false}", "tokenStore.enabled must be true")]
    [InlineData("httpSettings", "requireHttps", "false", "requireHttps must be true")]
    public void Authentication_that_blocks_function_key_callers_or_is_off_is_reported(string section, string property, string json, string expected)
    {
        var resources = Dev();
        AuthSettings(resources)[section]![property] = JsonNode.Parse(json);

        Assert.Contains(InfraChecks.AuthenticationViolations(resources), v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Authentication_without_entra_or_for_any_tenant_or_with_another_provider_is_reported()
    {
        var resources = Dev();
        var providers = (JsonObject)AuthSettings(resources)["identityProviders"]!;
        providers["azureActiveDirectory"]!["enabled"] = false;
        providers["azureActiveDirectory"]!["registration"]!["openIdIssuer"] = "https://login.microsoftonline.com/common/v2.0";
        ((JsonObject)providers["azureActiveDirectory"]!["registration"]!).Remove("clientId");
        providers["google"] = new JsonObject { ["enabled"] = true };

        var violations = InfraChecks.AuthenticationViolations(resources);

        Assert.Contains(violations, v => v.Contains("azureActiveDirectory.enabled must be true", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("openIdIssuer must be one tenant's v2.0 issuer", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("registration.clientId must be set", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("identity provider 'google' must not be enabled", StringComparison.Ordinal));
    }

    [Fact]
    public void A_client_secret_written_into_the_app_settings_or_a_missing_one_is_reported()
    {
        var resources = Dev();
        AppSettingsArray(resources).OfType<JsonObject>().Single(s => Str(s["name"]) == "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET")["value"] = "Xy8Q~not-a-real-secret";
        Assert.Contains("app setting 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET' (the Entra client secret) must be a Key Vault reference, not the secret itself",
            InfraChecks.AuthenticationViolations(resources));

        AuthSettings(resources)["identityProviders"]!["azureActiveDirectory"]!["registration"]!["clientSecretSettingName"] = "ENTRA_SECRET";
        Assert.Contains("registration.clientSecretSettingName names app setting 'ENTRA_SECRET', which is not set", InfraChecks.AuthenticationViolations(resources));
    }

    [Fact]
    public void The_development_sign_in_in_azure_is_reported()
    {
        var resources = Dev();
        AppSettingsArray(resources).OfType<JsonObject>().Single(s => Str(s["name"]) == "EFiling__Auth__Mode")["value"] = "Development";

        Assert.Contains(InfraChecks.AuthenticationViolations(resources), v => v.StartsWith("app setting 'EFiling__Auth__Mode' must be 'AppService'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_vault_with_access_policies_is_reported()
    {
        var resources = Dev();
        var vault = (JsonObject)Single(resources, "Microsoft.KeyVault/vaults")["properties"]!;
        vault["enableRbacAuthorization"] = false;
        vault["accessPolicies"] = new JsonArray(new JsonObject { ["objectId"] = "x" });

        var violations = InfraChecks.KeyVaultViolations(resources);

        Assert.Contains(violations, v => v.Contains("enableRbacAuthorization must be true", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("must not have access policies", StringComparison.Ordinal));
    }

    [Fact]
    public void A_subscription_level_template_with_list_keys_and_an_unscoped_role_is_reported()
    {
        var snippet = (JsonObject)JsonNode.Parse("""
            {
              "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
              "resources": [
                {
                  "type": "Microsoft.Authorization/roleAssignments",
                  "apiVersion": "2022-04-01",
                  "name": "[guid('x')]",
                  "properties": {
                    "roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')]",
                    "principalId": "x"
                  }
                },
                {
                  "type": "Microsoft.Web/sites/config",
                  "apiVersion": "2024-04-01",
                  "name": "app/appsettings",
                  "properties": { "Storage": "[listKeys('st', '2024-01-01').keys[0].value]" }
                }
              ]
            }
            """)!;

        var violations = InfraChecks.TemplateViolations(snippet);

        Assert.Contains(violations, v => v.Contains("is not a resource-group deployment", StringComparison.Ordinal));
        Assert.Contains("template contains 'listKeys('", violations);
        Assert.Contains(violations, v => v.Contains("scope '(none: the resource group)' is not a storage account or Key Vault", StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_in_a_separate_appsettings_resource_are_read_too()
    {
        var resources = Dev();
        var app = InfraChecks.FunctionApp(resources)!;
        var settings = AppSettingsArray(resources);
        var moved = new JsonObject();
        foreach (var s in settings.OfType<JsonObject>())
        {
            moved[Str(s["name"])!] = Str(s["value"]);
        }
        ((JsonObject)app["properties"]!["siteConfig"]!).Remove("appSettings");
        Assert.NotEmpty(InfraChecks.AppSettingViolations(resources, InfraFiles.RequiredAppSettings()));

        resources.Add(new JsonObject
        {
            ["type"] = "Microsoft.Web/sites/config",
            ["name"] = $"{Str(app["name"])}/appsettings",
            ["properties"] = moved,
        });
        Assert.Empty(InfraChecks.AppSettingViolations(resources, InfraFiles.RequiredAppSettings()));
    }
}
