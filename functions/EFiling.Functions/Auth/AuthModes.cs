using EFiling.Functions.Hosting;
using EFiling.Review;

namespace EFiling.Functions.Auth;

/// <summary>The two ways a reviewer is authenticated, and which one applies.</summary>
public static class AuthModes
{
    public const string AppService = "AppService";
    public const string Development = "Development";

    public static string Resolve(AuthOptions options, HostingMode hosting) =>
        options.Mode switch
        {
            null or "" => hosting.UnderFunctionsHost ? AppService : Development,
            var m when m.Equals(AppService, StringComparison.OrdinalIgnoreCase) => AppService,
            var m when m.Equals(Development, StringComparison.OrdinalIgnoreCase) => Development,
            var m => throw new InvalidOperationException($"EFiling:Auth:Mode must be {AppService} or {Development}, not '{m}'."),
        };
}
