using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static EFiling.Infra.Tests.Arm;

namespace EFiling.Infra.Tests;

/// <summary>
/// Checks on the compiled ARM template, infra-bicep/out/main.json, as Bicep wrote it: expressions
/// stay strings there, so these tests assert what is decidable without deploying.
/// </summary>
public class CompiledTemplateTests
{
    // Loaded per test (not in a static initializer) so a missing build output fails each test
    // with "run infra-bicep/build.sh first" rather than a type-initializer error.
    private readonly JsonObject Template = InfraFiles.CompiledTemplate();

    private List<JsonObject> Resources => TemplateResources(Template).ToList();

    [Fact]
    public void Deploys_to_a_resource_group_and_holds_no_storage_key()
    {
        Assert.Empty(InfraChecks.TemplateViolations(Template));
    }

    [Fact]
    public void Storage_account_blocks_public_blobs_and_shared_keys_and_old_tls()
    {
        Assert.Empty(InfraChecks.StorageAccountViolations(Resources));
    }

    /// <summary>
    /// The reviewers' settings are appended to the fixed ones, so siteConfig.appSettings is one concat(…) expression
    /// here; the names of the fixed settings are literals in it. Their values are checked in the snapshots.
    /// </summary>
    [Fact]
    public void Every_app_setting_the_app_reads_is_written_into_the_template_and_none_needs_a_key()
    {
        var expression = InfraChecks.UnresolvedAppSettings(Resources);
        Assert.NotNull(expression);
        Assert.All(InfraFiles.RequiredAppSettings(), name => Assert.Contains($"createObject('name', '{name}', 'value', ", expression, StringComparison.Ordinal));
        Assert.All(InfraChecks.ForbiddenAppSettings, name => Assert.DoesNotContain($"'{name}'", expression, StringComparison.Ordinal));
        Assert.Contains("createObject('name', 'EFiling__Auth__Mode', 'value', 'AppService')", expression, StringComparison.Ordinal);
        Assert.Contains("createObject('name', 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET', 'value', format(variables('kvReference'), ", expression, StringComparison.Ordinal);
    }

    [Fact]
    public void Function_app_runs_as_the_user_assigned_identity()
    {
        Assert.Empty(InfraChecks.FunctionAppViolations(Resources));
    }

    [Fact]
    public void App_service_authentication_signs_reviewers_in_with_entra_and_lets_function_key_callers_through()
    {
        Assert.Empty(InfraChecks.AuthSettingsViolations(Resources));
    }

    [Fact]
    public void Key_vault_uses_rbac_and_soft_delete()
    {
        Assert.Empty(InfraChecks.KeyVaultViolations(Resources));
    }

    [Fact]
    public void Every_role_id_written_in_a_role_granting_template_is_allow_listed()
    {
        var guid = new Regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
        var allowed = InfraChecks.StorageDataRoles.Keys.Concat(InfraChecks.KeyVaultRoles.Keys).ToHashSet();
        var granting = Templates(Template)
            .Where(t => OfType(TemplateResources(t), "Microsoft.Authorization/roleAssignments").Any())
            .ToList();
        Assert.NotEmpty(granting);

        var written = granting
            .SelectMany(t => Descendants(t["variables"]))
            .Select(Str)
            .OfType<string>()
            .Where(s => guid.IsMatch(s))
            .Select(s => s.ToLowerInvariant())
            .ToList();
        Assert.NotEmpty(written);
        Assert.All(written, id => Assert.Contains(id, allowed));
    }

    /// <summary>
    /// "One place": main.bicep reads config/storage-names.json with loadJsonContent, which Bicep
    /// inlines as a variable, and that variable (nothing copied by hand) is what the storage module
    /// gets as its `names`.
    /// </summary>
    [Fact]
    public void Storage_module_gets_its_names_from_config_storage_names_json()
    {
        var config = InfraFiles.StorageNames();
        var variables = Template["variables"] as JsonObject ?? [];
        var loaded = variables.Where(v => JsonNode.DeepEquals(v.Value, config)).Select(v => v.Key).ToList();
        Assert.True(loaded.Count == 1, "main.json should hold config/storage-names.json as one variable (loadJsonContent)");

        var storage = OfType(ResourceList(Template), DeploymentsType).Single(d => Str(d["name"]) == "storage");
        var passed = Str(storage["properties"]?["parameters"]?["names"]?["value"]);
        Assert.Equal(loaded[0], ResolveVariable(passed, variables));

        // And the storage module creates containers, queues and tables by looping over those sections.
        var nested = (JsonObject)storage["properties"]!["template"]!;
        foreach (var (section, type) in new[]
                 {
                     ("containers", "Microsoft.Storage/storageAccounts/blobServices/containers"),
                     ("queues", "Microsoft.Storage/storageAccounts/queueServices/queues"),
                     ("tables", "Microsoft.Storage/storageAccounts/tableServices/tables"),
                 })
        {
            var loop = OfType(TemplateResources(nested), type).Single();
            Assert.Equal($"[length(items(parameters('names').{section}))]", Str(loop["copy"]?["count"]));
        }
    }

    /// <summary>Follows "[variables('x')]" links to the variable that holds a literal value.</summary>
    private static string? ResolveVariable(string? expression, JsonObject variables)
    {
        for (var i = 0; i < 10 && expression is not null; i++)
        {
            var match = Regex.Match(expression, @"^\[variables\('(?<name>[^']+)'\)\]$");
            if (!match.Success)
            {
                return null;
            }
            var name = match.Groups["name"].Value;
            var value = variables[name];
            if (Str(value) is { } next && IsExpression(next))
            {
                expression = next;
                continue;
            }
            return name;
        }
        return null;
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode? node)
    {
        if (node is null)
        {
            yield break;
        }
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var d in Descendants(child))
            {
                yield return d;
            }
        }
    }
}
