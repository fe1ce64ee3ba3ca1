using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static EFiling.Infra.Tests.Arm;

namespace EFiling.Infra.Tests;

/// <summary>
/// The rules the deployed infrastructure must keep. Each check takes ARM resources (from the compiled
/// template or from a `bicep snapshot`) and returns the violations it finds, so a test can assert
/// "none" on the real output and "this one" on a deliberately broken copy.
/// A value that must be decided (a boolean, a role id) but is an unresolved expression is a violation:
/// the check cannot prove it, so it does not pass it.
/// </summary>
public static partial class InfraChecks
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageQueueDataMessageProcessor = "8a0f0c08-91a1-4084-bc3d-661d67233fed";
    public const string StorageQueueDataMessageSender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    /// <summary>
    /// The only roles the template may grant: storage data-plane roles (the ones the app uses and
    /// their narrower alternatives) on the storage account, and Key Vault Secrets User on the vault.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> StorageDataRoles = new Dictionary<string, string>
    {
        [StorageBlobDataOwner] = "Storage Blob Data Owner",
        [StorageBlobDataContributor] = "Storage Blob Data Contributor",
        [StorageQueueDataContributor] = "Storage Queue Data Contributor",
        [StorageQueueDataMessageProcessor] = "Storage Queue Data Message Processor",
        [StorageQueueDataMessageSender] = "Storage Queue Data Message Sender",
        [StorageTableDataContributor] = "Storage Table Data Contributor",
    };

    public static readonly IReadOnlyDictionary<string, string> KeyVaultRoles = new Dictionary<string, string>
    {
        [KeyVaultSecretsUser] = "Key Vault Secrets User",
    };

    /// <summary>Setting names that would mean a key-based connection or an Azure Files content share.</summary>
    public static readonly string[] ForbiddenAppSettings =
        ["AzureWebJobsStorage", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE"];

    /// <summary>Text that means a storage key or SAS ends up in the template.</summary>
    public static readonly string[] SecretMarkers = ["AccountKey=", "SharedAccessSignature=", "listKeys(", "listAccountSas(", "listServiceSas("];

    private const string StorageAccountsType = "Microsoft.Storage/storageAccounts";
    private const string RoleAssignmentsType = "Microsoft.Authorization/roleAssignments";

    // ----------------------------------------------------------------------------------------------
    // Role assignments

    /// <summary>A role assignment reduced to what the rules are about.</summary>
    public sealed record Grant(string RoleId, string RoleName, string ScopeKind, string Scope);

    /// <summary>
    /// Every role assignment must grant an allow-listed role, decidably (a resolved built-in role id),
    /// to a service principal, scoped to the storage account (storage roles) or the Key Vault (the
    /// Key Vault role): never the resource group or the subscription.
    /// </summary>
    public static List<string> RoleAssignmentViolations(IEnumerable<JsonObject> resources)
    {
        var violations = new List<string>();
        foreach (var assignment in OfType(resources, RoleAssignmentsType))
        {
            var what = Describe(assignment);
            var roleDefinitionId = Str(assignment["properties"]?["roleDefinitionId"]);
            var roleId = RoleIdOf(roleDefinitionId);
            if (roleId is null)
            {
                violations.Add($"{what}: roleDefinitionId '{roleDefinitionId}' is not a resolved built-in role definition id");
                continue;
            }

            var isStorageRole = StorageDataRoles.ContainsKey(roleId);
            var isVaultRole = KeyVaultRoles.ContainsKey(roleId);
            if (!isStorageRole && !isVaultRole)
            {
                violations.Add($"{what}: role {roleId} is not in the allow-list (storage data roles and Key Vault Secrets User)");
            }

            var scope = ScopeOf(assignment);
            var kind = ScopeKind(scope);
            if ((kind == "storage" && !isStorageRole) || (kind == "vault" && !isVaultRole))
            {
                violations.Add($"{what}: role {roleId} does not belong on {kind} scope '{scope}'");
            }
            else if (kind is not ("storage" or "vault"))
            {
                violations.Add($"{what}: scope '{scope ?? "(none: the resource group)"}' is not the storage account or the Key Vault");
            }

            if (Str(assignment["properties"]?["principalType"]) != "ServicePrincipal")
            {
                violations.Add($"{what}: principalType must be ServicePrincipal (the managed identity)");
            }
            var principal = Str(assignment["properties"]?["principalId"]) ?? "";
            if (!principal.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{what}: principalId '{principal}' is not the user-assigned identity");
            }
        }
        return violations;
    }

    /// <summary>What is granted where (for the exact-set assertion).</summary>
    public static List<Grant> Grants(IEnumerable<JsonObject> resources) =>
        OfType(resources, RoleAssignmentsType)
            .Select(a =>
            {
                var roleId = RoleIdOf(Str(a["properties"]?["roleDefinitionId"])) ?? "?";
                var scope = ScopeOf(a) ?? "";
                var name = StorageDataRoles.GetValueOrDefault(roleId) ?? KeyVaultRoles.GetValueOrDefault(roleId) ?? roleId;
                return new Grant(roleId, name, ScopeKind(scope), scope);
            })
            .ToList();

    /// <summary>"/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/&lt;guid&gt;" gives the guid.</summary>
    public static string? RoleIdOf(string? roleDefinitionId)
    {
        if (roleDefinitionId is null)
        {
            return null;
        }
        var match = RoleDefinitionIdPattern().Match(roleDefinitionId);
        return match.Success ? match.Groups["id"].Value.ToLowerInvariant() : null;
    }

    /// <summary>
    /// The scope of a role assignment: its "scope" property (compiled template), or the first argument
    /// of the extensionResourceId(...) that `bicep snapshot` gives as its id, or the part of a literal
    /// id before /providers/Microsoft.Authorization. Null means no scope: the deployment's resource group.
    /// </summary>
    public static string? ScopeOf(JsonObject assignment)
    {
        if (Str(assignment["scope"]) is { } scope)
        {
            return scope;
        }
        var id = Str(assignment["id"]);
        if (id is null)
        {
            return null;
        }
        var extension = ExtensionScopePattern().Match(id);
        if (extension.Success)
        {
            return extension.Groups["scope"].Value;
        }
        var marker = id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase);
        return marker > 0 ? id[..marker] : null;
    }

    public static string ScopeKind(string? scope)
    {
        if (string.IsNullOrEmpty(scope))
        {
            return "resource group";
        }
        if (StorageScopePattern().IsMatch(scope))
        {
            return "storage";
        }
        if (VaultScopePattern().IsMatch(scope))
        {
            return "vault";
        }
        if (SubscriptionScopePattern().IsMatch(scope))
        {
            return "subscription";
        }
        return ResourceGroupScopePattern().IsMatch(scope) ? "resource group" : "other";
    }

    // ----------------------------------------------------------------------------------------------
    // Storage

    /// <summary>Exactly one storage account: no anonymous blob access, no shared keys, TLS 1.2+, HTTPS only.</summary>
    public static List<string> StorageAccountViolations(IEnumerable<JsonObject> resources)
    {
        var violations = new List<string>();
        var accounts = OfType(resources, StorageAccountsType).ToList();
        if (accounts.Count != 1)
        {
            violations.Add($"expected exactly one storage account, found {accounts.Count}");
        }
        foreach (var account in accounts)
        {
            var what = Describe(account);
            var p = account["properties"];
            if (!IsFalse(p?["allowBlobPublicAccess"]))
            {
                violations.Add($"{what}: allowBlobPublicAccess must be false, is {p?["allowBlobPublicAccess"]?.ToJsonString() ?? "unset"}");
            }
            if (!IsFalse(p?["allowSharedKeyAccess"]))
            {
                violations.Add($"{what}: allowSharedKeyAccess must be false, is {p?["allowSharedKeyAccess"]?.ToJsonString() ?? "unset"}");
            }
            if (Str(p?["minimumTlsVersion"]) is not ("TLS1_2" or "TLS1_3"))
            {
                violations.Add($"{what}: minimumTlsVersion must be TLS1_2 or later, is {p?["minimumTlsVersion"]?.ToJsonString() ?? "unset"}");
            }
            if (!IsTrue(p?["supportsHttpsTrafficOnly"]))
            {
                violations.Add($"{what}: supportsHttpsTrafficOnly must be true");
            }
        }
        return violations;
    }

    /// <summary>Blob versioning and soft delete (blobs and containers, at least 7 days) on the blob service.</summary>
    public static List<string> BlobProtectionViolations(IEnumerable<JsonObject> resources)
    {
        var violations = new List<string>();
        var services = OfType(resources, StorageAccountsType + "/blobServices").ToList();
        if (services.Count != 1)
        {
            violations.Add($"expected exactly one blob service, found {services.Count}");
        }
        foreach (var service in services)
        {
            var what = Describe(service);
            var p = service["properties"];
            if (!IsTrue(p?["isVersioningEnabled"]))
            {
                violations.Add($"{what}: isVersioningEnabled must be true");
            }
            foreach (var policy in new[] { "deleteRetentionPolicy", "containerDeleteRetentionPolicy" })
            {
                if (!IsTrue(p?[policy]?["enabled"]))
                {
                    violations.Add($"{what}: {policy}.enabled must be true");
                }
                if (Int(p?[policy]?["days"]) is not >= 7)
                {
                    violations.Add($"{what}: {policy}.days must be a number of at least 7, is {p?[policy]?["days"]?.ToJsonString() ?? "unset"}");
                }
            }
        }
        foreach (var container in OfType(resources, StorageAccountsType + "/blobServices/containers"))
        {
            if (Str(container["properties"]?["publicAccess"]) != "None")
            {
                violations.Add($"{Describe(container)}: publicAccess must be None");
            }
        }
        return violations;
    }

    /// <summary>
    /// The containers, queues and tables created are exactly the names in config/storage-names.json
    /// (needs resolved names, as in a snapshot).
    /// </summary>
    public static List<string> StorageNameViolations(IEnumerable<JsonObject> resources, JsonObject storageNames)
    {
        var list = resources.ToList();
        var violations = new List<string>();
        foreach (var (section, type) in new[]
                 {
                     ("containers", StorageAccountsType + "/blobServices/containers"),
                     ("queues", StorageAccountsType + "/queueServices/queues"),
                     ("tables", StorageAccountsType + "/tableServices/tables"),
                 })
        {
            if (storageNames[section] is not JsonObject wanted)
            {
                violations.Add($"config/storage-names.json has no '{section}' object");
                continue;
            }
            var expected = wanted.Select(p => Str(p.Value) ?? "").ToHashSet(StringComparer.Ordinal);
            var created = OfType(list, type).Select(r => Str(r["name"]) ?? "").ToList();
            var unresolved = created.Where(IsExpression).ToList();
            if (unresolved.Count > 0)
            {
                violations.Add($"{section}: names not resolved, cannot compare: {string.Join(", ", unresolved)}");
                continue;
            }
            var actual = created.Select(LastSegment).ToList();
            foreach (var missing in expected.Except(actual).Order(StringComparer.Ordinal))
            {
                violations.Add($"{section}: '{missing}' is in config/storage-names.json but not created");
            }
            foreach (var extra in actual.Except(expected).Order(StringComparer.Ordinal))
            {
                violations.Add($"{section}: '{extra}' is created but not in config/storage-names.json");
            }
            foreach (var twice in actual.GroupBy(n => n).Where(g => g.Count() > 1))
            {
                violations.Add($"{section}: '{twice.Key}' is created {twice.Count()} times");
            }
        }
        return violations;
    }

    // ----------------------------------------------------------------------------------------------
    // Function app

    /// <summary>The one function app in the resources.</summary>
    public static JsonObject? FunctionApp(IEnumerable<JsonObject> resources)
    {
        var apps = OfType(resources, "Microsoft.Web/sites")
            .Where(s => (Str(s["kind"]) ?? "").Contains("functionapp", StringComparison.OrdinalIgnoreCase))
            .ToList();
        return apps.Count == 1 ? apps[0] : null;
    }

    /// <summary>
    /// The function app's siteConfig.appSettings when it is one expression rather than a list: so it is in the compiled
    /// template, where the reviewers' settings are appended to the fixed ones (concat); a snapshot resolves it.
    /// </summary>
    public static string? UnresolvedAppSettings(IEnumerable<JsonObject> resources) =>
        Str(FunctionApp(resources)?["properties"]?["siteConfig"]?["appSettings"]);

    /// <summary>The function app's settings, name to value (value as written: literal or expression).</summary>
    public static Dictionary<string, string?> AppSettings(IEnumerable<JsonObject> resources)
    {
        var list = resources.ToList();
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (FunctionApp(list)?["properties"]?["siteConfig"]?["appSettings"] is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                settings[Str(item["name"]) ?? ""] = item["value"] is JsonValue v ? v.ToString() : item["value"]?.ToJsonString();
            }
        }
        // Settings can also come from a separate sites/config 'appsettings' resource.
        foreach (var config in OfType(list, "Microsoft.Web/sites/config")
                     .Where(c => (Str(c["name"]) ?? "").EndsWith("appsettings", StringComparison.OrdinalIgnoreCase)))
        {
            if (config["properties"] is JsonObject props)
            {
                foreach (var (name, value) in props)
                {
                    settings[name] = value is JsonValue v ? v.ToString() : value?.ToJsonString();
                }
            }
        }
        return settings;
    }

    /// <summary>
    /// Every required setting is set; none holds a key or SAS; no key-based AzureWebJobsStorage or
    /// Azure Files content share; the values that are literals are the expected ones.
    /// </summary>
    public static List<string> AppSettingViolations(IEnumerable<JsonObject> resources, IEnumerable<string> required)
    {
        var list = resources.ToList();
        var violations = new List<string>();
        if (FunctionApp(list) is null)
        {
            violations.Add("expected exactly one function app (Microsoft.Web/sites of kind functionapp)");
            return violations;
        }
        if (UnresolvedAppSettings(list) is { } expression)
        {
            violations.Add($"siteConfig.appSettings is not resolved, cannot check: {expression[..Math.Min(80, expression.Length)]}…");
            return violations;
        }
        var settings = AppSettings(list);
        foreach (var name in required.Where(n => !settings.ContainsKey(n)))
        {
            violations.Add($"app setting '{name}' (app-settings.required.json) is not set");
        }
        foreach (var name in ForbiddenAppSettings.Where(settings.ContainsKey))
        {
            violations.Add($"app setting '{name}' must not be set (it needs a storage key)");
        }
        foreach (var (name, value) in settings)
        {
            foreach (var marker in SecretMarkers.Where(m => (value ?? "").Contains(m, StringComparison.OrdinalIgnoreCase)))
            {
                violations.Add($"app setting '{name}' contains '{marker}'");
            }
        }

        ExpectLiteral(settings, "FUNCTIONS_WORKER_RUNTIME", "custom", violations);
        ExpectLiteral(settings, "FUNCTIONS_EXTENSION_VERSION", "~4", violations);
        ExpectLiteral(settings, "AzureWebJobsStorage__credential", "managedidentity", violations);
        ExpectLiteral(settings, "EFiling__CrlFolder", "/home/site/wwwroot/crl", violations);
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            var name = $"AzureWebJobsStorage__{service}ServiceUri";
            if (settings.TryGetValue(name, out var uri) && !((uri ?? "").Contains("https://", StringComparison.Ordinal) && (uri ?? "").Contains($".{service}.", StringComparison.Ordinal)))
            {
                violations.Add($"app setting '{name}' must be the https {service} endpoint, is '{uri}'");
            }
        }
        foreach (var name in new[] { "AzureWebJobsStorage__clientId", "AZURE_CLIENT_ID" })
        {
            if (settings.TryGetValue(name, out var value)
                && !((value ?? "").Contains("userAssignedIdentities", StringComparison.OrdinalIgnoreCase) && (value ?? "").EndsWith(".clientId]", StringComparison.Ordinal)))
            {
                violations.Add($"app setting '{name}' must be the user-assigned identity's clientId, is '{value}'");
            }
        }
        foreach (var name in new[] { "EFiling__TrustedRoots", "EFiling__Intermediates", "EFiling__ReceiptCertificate" })
        {
            if (settings.TryGetValue(name, out var value) && !IsExpression(value)
                && !(value ?? "").StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal))
            {
                violations.Add($"app setting '{name}' must be a Key Vault reference, is '{value}'");
            }
        }
        if (settings.TryGetValue("EFiling__MaxDocumentBytes", out var max) && !IsExpression(max)
            && !(long.TryParse(max, out var bytes) && bytes > 0))
        {
            violations.Add($"app setting 'EFiling__MaxDocumentBytes' must be a positive number, is '{max}'");
        }
        return violations;
    }

    /// <summary>
    /// The function app runs as the user-assigned identity only, resolves Key Vault references with it,
    /// and is a Linux app with Always On (queue trigger on a Dedicated plan), HTTPS only, FTP off.
    /// </summary>
    public static List<string> FunctionAppViolations(IEnumerable<JsonObject> resources)
    {
        var list = resources.ToList();
        var violations = new List<string>();
        var app = FunctionApp(list);
        if (app is null)
        {
            violations.Add("expected exactly one function app (Microsoft.Web/sites of kind functionapp)");
            return violations;
        }
        var what = Describe(app);
        if (Str(app["identity"]?["type"]) != "UserAssigned")
        {
            violations.Add($"{what}: identity.type must be UserAssigned (no system-assigned identity), is {app["identity"]?["type"]?.ToJsonString() ?? "unset"}");
        }
        var identities = app["identity"]?["userAssignedIdentities"] as JsonObject;
        if (identities is null || identities.Count != 1
            || !identities.Single().Key.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", StringComparison.OrdinalIgnoreCase))
        {
            violations.Add($"{what}: must have exactly one user-assigned identity");
        }
        var p = app["properties"];
        var kvIdentity = Str(p?["keyVaultReferenceIdentity"]);
        if (kvIdentity is null || !kvIdentity.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", StringComparison.OrdinalIgnoreCase))
        {
            violations.Add($"{what}: keyVaultReferenceIdentity must be the user-assigned identity, is '{kvIdentity}'");
        }
        if (!(Str(app["kind"]) ?? "").Contains("linux", StringComparison.OrdinalIgnoreCase) || !IsTrue(p?["reserved"]))
        {
            violations.Add($"{what}: must be a Linux function app (kind functionapp,linux; reserved true)");
        }
        if (!IsTrue(p?["httpsOnly"]))
        {
            violations.Add($"{what}: httpsOnly must be true");
        }
        if (!IsTrue(p?["siteConfig"]?["alwaysOn"]))
        {
            violations.Add($"{what}: siteConfig.alwaysOn must be true (queue trigger on a Dedicated plan)");
        }
        if (Str(p?["siteConfig"]?["ftpsState"]) != "Disabled")
        {
            violations.Add($"{what}: siteConfig.ftpsState must be Disabled");
        }
        foreach (var plan in OfType(list, "Microsoft.Web/serverfarms"))
        {
            if (!IsTrue(plan["properties"]?["reserved"]))
            {
                violations.Add($"{Describe(plan)}: must be a Linux plan (reserved true)");
            }
        }
        return violations;
    }

    /// <summary>
    /// The app trusts X-MS-CLIENT-PRINCIPAL (EFiling__Auth__Mode=AppService), so App Service Authentication must be in
    /// front of it, or anyone could send that header: one authsettingsV2 config, on, with the Microsoft Entra provider
    /// only, single tenant (a tenant's v2.0 issuer), the token store on (the claims in the header need it), HTTPS only,
    /// and unauthenticated requests let through (AllowAnonymous, nothing required): accounting software posts
    /// filings with a function key and no user, and the review API answers 401 itself. The client secret comes from
    /// an app setting holding a Key Vault reference, never the secret itself.
    /// </summary>
    public static List<string> AuthenticationViolations(IEnumerable<JsonObject> resources)
    {
        var list = resources.ToList();
        var violations = AuthSettingsViolations(list);
        if (FunctionApp(list) is null)
        {
            return violations;
        }
        if (UnresolvedAppSettings(list) is { } expression)
        {
            violations.Add($"siteConfig.appSettings is not resolved, cannot check the Auth mode and the client secret setting: {expression[..Math.Min(80, expression.Length)]}…");
            return violations;
        }
        var settings = AppSettings(list);
        if (settings.GetValueOrDefault("EFiling__Auth__Mode") != "AppService")
        {
            violations.Add($"app setting 'EFiling__Auth__Mode' must be 'AppService' (reviewers signed in by App Service Authentication), is '{settings.GetValueOrDefault("EFiling__Auth__Mode")}'");
        }
        var secretSetting = Str(AuthSettings(list)?["properties"]?["identityProviders"]?["azureActiveDirectory"]?["registration"]?["clientSecretSettingName"]);
        if (secretSetting is not null && !IsExpression(secretSetting))
        {
            if (!settings.TryGetValue(secretSetting, out var secret))
            {
                violations.Add($"registration.clientSecretSettingName names app setting '{secretSetting}', which is not set");
            }
            else if (!IsExpression(secret) && !(secret ?? "").StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal))
            {
                violations.Add($"app setting '{secretSetting}' (the Entra client secret) must be a Key Vault reference, not the secret itself");
            }
        }
        return violations;
    }

    /// <summary>The one authsettingsV2 config of the resources, or null when there is not exactly one.</summary>
    public static JsonObject? AuthSettings(IEnumerable<JsonObject> resources)
    {
        var configs = OfType(resources, "Microsoft.Web/sites/config")
            .Where(c => (Str(c["name"]) ?? "").Contains("authsettingsV2", StringComparison.OrdinalIgnoreCase))
            .ToList();
        return configs.Count == 1 ? configs[0] : null;
    }

    /// <summary>
    /// The authsettingsV2 config alone (decidable in the compiled template too): see <see cref="AuthenticationViolations"/>.
    /// </summary>
    public static List<string> AuthSettingsViolations(IEnumerable<JsonObject> resources)
    {
        var list = resources.ToList();
        var violations = new List<string>();
        if (FunctionApp(list) is null)
        {
            violations.Add("expected exactly one function app (Microsoft.Web/sites of kind functionapp)");
            return violations;
        }
        var configs = OfType(list, "Microsoft.Web/sites/config")
            .Where(c => (Str(c["name"]) ?? "").Contains("authsettingsV2", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (configs.Count != 1)
        {
            violations.Add($"expected exactly one App Service Authentication config (Microsoft.Web/sites/config 'authsettingsV2'), found {configs.Count}: X-MS-CLIENT-PRINCIPAL could be forged");
            return violations;
        }
        var what = Describe(configs[0]);
        var p = configs[0]["properties"];
        if (!IsTrue(p?["platform"]?["enabled"]))
        {
            violations.Add($"{what}: platform.enabled must be true");
        }
        var action = Str(p?["globalValidation"]?["unauthenticatedClientAction"]);
        if (action != "AllowAnonymous")
        {
            violations.Add($"{what}: globalValidation.unauthenticatedClientAction must be AllowAnonymous (function-key callers have no user), is '{action}'");
        }
        if (p?["globalValidation"]?["requireAuthentication"] is { } required && !IsFalse(required))
        {
            violations.Add($"{what}: globalValidation.requireAuthentication must be false (function-key callers have no user), is {required.ToJsonString()}");
        }
        if (!IsTrue(p?["httpSettings"]?["requireHttps"]))
        {
            violations.Add($"{what}: httpSettings.requireHttps must be true");
        }
        if (!IsTrue(p?["login"]?["tokenStore"]?["enabled"]))
        {
            violations.Add($"{what}: login.tokenStore.enabled must be true (the claims in X-MS-CLIENT-PRINCIPAL need it)");
        }

        var providers = p?["identityProviders"] as JsonObject ?? [];
        foreach (var (name, provider) in providers.Where(x => x.Key != "azureActiveDirectory"))
        {
            if (provider?["enabled"] is not { } enabled || !IsFalse(enabled))
            {
                violations.Add($"{what}: identity provider '{name}' must not be enabled (Microsoft Entra ID only)");
            }
        }
        var entra = providers["azureActiveDirectory"];
        if (!IsTrue(entra?["enabled"]))
        {
            violations.Add($"{what}: identityProviders.azureActiveDirectory.enabled must be true");
        }
        var registration = entra?["registration"];
        if (string.IsNullOrWhiteSpace(Str(registration?["clientId"])))
        {
            violations.Add($"{what}: identityProviders.azureActiveDirectory.registration.clientId must be set (the app registration)");
        }
        var issuer = Str(registration?["openIdIssuer"]) ?? "";
        var fromCloud = issuer.StartsWith("https://", StringComparison.Ordinal) || issuer.Contains("environment().authentication.loginEndpoint", StringComparison.Ordinal);
        if (!fromCloud || !issuer.Contains("/v2.0", StringComparison.Ordinal)
            || MultiTenantIssuer().IsMatch(issuer))
        {
            violations.Add($"{what}: registration.openIdIssuer must be one tenant's v2.0 issuer (login endpoint/<tenant>/v2.0), is '{issuer}'");
        }
        var secretSetting = Str(registration?["clientSecretSettingName"]);
        if (secretSetting is null || IsExpression(secretSetting))
        {
            violations.Add($"{what}: registration.clientSecretSettingName must name an app setting, is '{secretSetting}'");
        }
        return violations;
    }

    /// <summary>Key Vault: RBAC permission model (no access policies) and soft delete.</summary>
    public static List<string> KeyVaultViolations(IEnumerable<JsonObject> resources)
    {
        var violations = new List<string>();
        var vaults = OfType(resources, "Microsoft.KeyVault/vaults").ToList();
        if (vaults.Count != 1)
        {
            violations.Add($"expected exactly one Key Vault, found {vaults.Count}");
        }
        foreach (var vault in vaults)
        {
            var p = vault["properties"];
            if (!IsTrue(p?["enableRbacAuthorization"]))
            {
                violations.Add($"{Describe(vault)}: enableRbacAuthorization must be true");
            }
            if (!IsTrue(p?["enableSoftDelete"]))
            {
                violations.Add($"{Describe(vault)}: enableSoftDelete must be true");
            }
            if (p?["accessPolicies"] is JsonArray { Count: > 0 })
            {
                violations.Add($"{Describe(vault)}: must not have access policies (RBAC only)");
            }
        }
        return violations;
    }

    // ----------------------------------------------------------------------------------------------
    // Whole template

    /// <summary>
    /// The template and every nested one deploy to a resource group (no subscription-level
    /// deployment), and the text holds no storage key, SAS or list*Keys call.
    /// </summary>
    public static List<string> TemplateViolations(JsonObject template)
    {
        var violations = new List<string>();
        foreach (var t in Templates(template))
        {
            var schema = Str(t["$schema"]) ?? "";
            if (!schema.EndsWith("/deploymentTemplate.json#", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"template schema '{schema}' is not a resource-group deployment");
            }
        }
        var text = template.ToJsonString();
        foreach (var marker in SecretMarkers.Where(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)))
        {
            violations.Add($"template contains '{marker}'");
        }
        foreach (var assignment in OfType(TemplateResources(template), RoleAssignmentsType))
        {
            var scope = Str(assignment["scope"]);
            if (scope is null
                || !(scope.Contains("Microsoft.Storage/storageAccounts", StringComparison.OrdinalIgnoreCase)
                     || scope.Contains("Microsoft.KeyVault/vaults", StringComparison.OrdinalIgnoreCase)))
            {
                violations.Add($"{Describe(assignment)}: scope '{scope ?? "(none: the resource group)"}' is not a storage account or Key Vault");
            }
        }
        return violations;
    }

    private static void ExpectLiteral(Dictionary<string, string?> settings, string name, string expected, List<string> violations)
    {
        if (settings.TryGetValue(name, out var value) && value != expected)
        {
            violations.Add($"app setting '{name}' must be '{expected}', is '{value}'");
        }
    }

    [GeneratedRegex(@"^(/subscriptions/[^/]+)?/providers/Microsoft\.Authorization/roleDefinitions/(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
    private static partial Regex RoleDefinitionIdPattern();

    [GeneratedRegex(@"^\[extensionResourceId\('(?<scope>[^']*)', 'Microsoft\.Authorization/roleAssignments'", RegexOptions.IgnoreCase)]
    private static partial Regex ExtensionScopePattern();

    [GeneratedRegex(@"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Storage/storageAccounts/[^/]+(/.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex StorageScopePattern();

    [GeneratedRegex(@"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.KeyVault/vaults/[^/]+/?$", RegexOptions.IgnoreCase)]
    private static partial Regex VaultScopePattern();

    [GeneratedRegex(@"/(common|organizations|consumers)(/|')", RegexOptions.IgnoreCase)]
    private static partial Regex MultiTenantIssuer();

    [GeneratedRegex(@"^/subscriptions/[^/]+/?$", RegexOptions.IgnoreCase)]
    private static partial Regex SubscriptionScopePattern();

    [GeneratedRegex(@"^/subscriptions/[^/]+/resourceGroups/[^/]+/?$", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceGroupScopePattern();
}
