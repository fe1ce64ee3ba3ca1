using Microsoft.Extensions.Options;

namespace EFiling.Functions.Tests;

/// <summary>Options are bound and validated on start: a setting that cannot work stops the app before it listens,
/// naming the setting, instead of failing a filing, a delivery or a sign-in later.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("EFiling:Webhooks:MaxAttempts=0", "MaxAttempts must be at least 1")]
    [InlineData("EFiling:Webhooks:FirstRetryDelay=02:00:00", "FirstRetryDelay cannot be negative nor longer than MaxRetryDelay")]
    [InlineData("EFiling:Webhooks:Timeout=00:00:00", "Timeout, PollingInterval and ReplayWindow must be positive")]
    [InlineData("EFiling:TestMode:RetentionDays=0", "RetentionDays must be at least 1")]
    [InlineData("EFiling:Auth:Users:0:DisplayName=Nobody", "every user needs a Name")]
    [InlineData("EFiling:Auth:Users:0:Name=a@gdt.gov.vn|EFiling:Auth:Users:1:Name=A@gdt.gov.vn", "a Name is given twice")]
    [InlineData("EFiling:Auth:Users:0:Name=a@gdt.gov.vn|EFiling:Auth:Users:0:Roles:0=auditor", "a role is not one of officer, supervisor, administrator")]
    public async Task A_setting_that_cannot_work_stops_the_start(string settings, string message)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0", "--AzureWebJobsStorage=UseDevelopmentStorage=true",
            .. settings.Split('|').Select(s => $"--{s}"),
        ];
        await using var app = FunctionsApp.Build(args);
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(message, refused.Message);
    }
}
