namespace EFiling.Functions.Hosting;

/// <summary>
/// Under the Functions host (FUNCTIONS_CUSTOMHANDLER_PORT set) we listen on 127.0.0.1:that port and the host
/// delivers queue messages to /ReconcileFiling. Standalone we listen on http://localhost:7071 (or --urls /
/// ASPNETCORE_URLS) and run our own queue listener.
/// </summary>
public sealed record HostingMode(bool UnderFunctionsHost, string? Urls)
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string DefaultStandaloneUrl = "http://localhost:7071";

    public bool RunsOwnQueueListener => !UnderFunctionsHost;

    public static HostingMode Detect(IConfiguration configuration)
    {
        if (configuration[PortVariable] is { Length: > 0 } port)
            return new HostingMode(true, $"http://127.0.0.1:{port}");
        // --urls and ASPNETCORE_URLS both land in the "urls" key.
        return new HostingMode(false, configuration["urls"] is { Length: > 0 } ? null : DefaultStandaloneUrl);
    }
}
