using System.Runtime.CompilerServices;

namespace EFiling.Functions.Tests.Infrastructure;

internal static class AzureSdkSpans
{
    /// <summary>The app turns the Azure SDK's spans on before it makes its first storage client (TelemetrySetup); the
    /// in-process app shares this process with test code that makes clients earlier, and Azure.Core reads the switch
    /// once, so it is set here, as the assembly loads.</summary>
    [ModuleInitializer]
    internal static void Enable() => AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
}
