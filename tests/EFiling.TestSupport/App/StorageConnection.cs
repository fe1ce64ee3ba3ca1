namespace EFiling.Functions.Tests.Infrastructure;

/// <summary>Builds and takes apart storage connection strings (to swap in a separate queue service).</summary>
public static class StorageConnection
{
    public static string Build(string blobEndpoint, string queueEndpoint, string tableEndpoint) =>
        $"DefaultEndpointsProtocol=http;AccountName={Azurite.Account};AccountKey={Azurite.Key};" +
        $"BlobEndpoint={blobEndpoint};QueueEndpoint={queueEndpoint};TableEndpoint={tableEndpoint};";

    /// <summary>The same account with another queue endpoint.</summary>
    public static string WithQueueEndpoint(string connectionString, string queueEndpoint)
    {
        var parts = Parse(connectionString);
        return Build(parts["BlobEndpoint"], queueEndpoint, parts["TableEndpoint"]);
    }

    public static Dictionary<string, string> Parse(string connectionString)
    {
        if (connectionString.Trim().TrimEnd(';').Equals("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
            connectionString = Build("http://127.0.0.1:10000/" + Azurite.Account, "http://127.0.0.1:10001/" + Azurite.Account, "http://127.0.0.1:10002/" + Azurite.Account);
        return connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "", StringComparer.OrdinalIgnoreCase);
    }
}
