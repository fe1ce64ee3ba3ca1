using System.Text.RegularExpressions;

namespace EFiling.Infra.Tests;

/// <summary>infra-bicep/app-settings.required.json is the machine-readable list the app's tests also read.</summary>
public class AppSettingsListTests
{
    [Fact]
    public void Required_settings_list_is_a_non_empty_list_of_unique_setting_names()
    {
        var names = InfraFiles.RequiredAppSettings();

        Assert.NotEmpty(names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, n => Assert.Matches(new Regex("^[A-Za-z][A-Za-z0-9_]*$"), n));
    }

    [Fact]
    public void Required_settings_use_the_identity_based_storage_connection_not_a_connection_string()
    {
        var names = InfraFiles.RequiredAppSettings();

        Assert.DoesNotContain("AzureWebJobsStorage", names);
        foreach (var part in new[] { "blobServiceUri", "queueServiceUri", "tableServiceUri", "credential", "clientId" })
        {
            Assert.Contains($"AzureWebJobsStorage__{part}", names);
        }
    }
}
