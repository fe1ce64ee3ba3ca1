using EFiling.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace EFiling.Functions.Tests;

/// <summary>Crash points are a test-only service: nothing the app is configured with can switch one on.</summary>
public sealed class CrashPointTests
{
    [Fact]
    public async Task The_app_registers_crash_points_that_do_nothing_whatever_its_settings_say()
    {
        // The setting that used to switch them on, and the section it lived in, set anyway.
        await using var app = FunctionsApp.Build(["--EFiling:InjectFault=AfterDocument,BeforeDecision", "--AzureWebJobsStorage=UseDevelopmentStorage=true"]);
        var faults = app.Services.GetRequiredService<FaultInjection>();
        Assert.Equal(typeof(FaultInjection), faults.GetType());
        faults.At(FaultInjection.AfterDocument); // returns
        faults.At(FaultInjection.BeforeDecision);
    }
}
