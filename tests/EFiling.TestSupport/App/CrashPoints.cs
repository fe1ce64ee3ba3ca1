using EFiling.ServiceDefaults;

namespace EFiling.Functions.Tests.Infrastructure;

/// <summary>
/// The crash points a test switches on (the names are <see cref="FaultInjection"/>'s): registered in place of the app's
/// no-op through FunctionsApp.Build's configure hook (<see cref="InProcessApp"/>), so the app has no setting for them.
/// </summary>
public sealed class CrashPoints(params string[] points) : FaultInjection
{
    public override void At(string point)
    {
        if (points.Contains(point, StringComparer.Ordinal))
            throw new InjectedFaultException(point);
    }
}

public sealed class InjectedFaultException(string point) : Exception($"Injected fault at {point}");
