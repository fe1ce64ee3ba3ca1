using System.Diagnostics;

namespace EFiling.Functions.Tests.Infrastructure;

/// <summary>
/// An Azurite process from the repository's pinned npm package, on free ports, with data in a temporary folder.
/// <see cref="StartAsync"/> runs all three services; <see cref="StartQueueOnlyAsync"/> runs only the queue service
/// (azurite-queue), so a test can stop and restart it to make a real queue outage.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public and documented).</summary>
    public const string Account = "devstoreaccount1";
    public const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _binary;
    private readonly string[] _arguments;
    private readonly int[] _ports;
    private Process? _process;

    private Azurite(string binary, string location, int[] ports, string[] arguments)
    {
        _binary = binary;
        Location = location;
        _ports = ports;
        _arguments = arguments;
    }

    public string Location { get; }
    public int? BlobPort { get; private init; }
    public int? QueuePort { get; private init; }
    public int? TablePort { get; private init; }

    public static async Task<Azurite> StartAsync()
    {
        var (blob, queue, table) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var location = TempFolder("azurite");
        var azurite = new Azurite(Bin("azurite"), location, [blob, queue, table],
        [
            "--silent", "--location", location, "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", $"{blob}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
        ]) { BlobPort = blob, QueuePort = queue, TablePort = table };
        await azurite.RunAsync();
        return azurite;
    }

    public static async Task<Azurite> StartQueueOnlyAsync()
    {
        var port = FreePort.Next();
        var location = TempFolder("azurite-queue");
        var azurite = new Azurite(Bin("azurite-queue"), location, [port],
            ["--silent", "--location", location, "--skipApiVersionCheck", "--loose", "--queueHost", "127.0.0.1", "--queuePort", $"{port}"])
            { QueuePort = port };
        await azurite.RunAsync();
        return azurite;
    }

    /// <summary>A connection string for the three services started here.</summary>
    public string ConnectionString => StorageConnection.Build(Endpoint(BlobPort!.Value), Endpoint(QueuePort!.Value), Endpoint(TablePort!.Value));

    public static string Endpoint(int port) => $"http://127.0.0.1:{port}/{Account}";

    /// <summary>Stops the process abruptly, as an outage would.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts it again on the same ports with the same data.</summary>
    public Task RestartAsync() => RunAsync();

    private async Task RunAsync()
    {
        var info = new ProcessStartInfo(_binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in _arguments) info.ArgumentList.Add(a);
        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {_binary}");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        foreach (var port in _ports) await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(Location, recursive: true); } catch (IOException) { }
    }

    private static string Bin(string name)
    {
        var path = Repo.Path("node_modules", ".bin", name);
        return File.Exists(path) ? path : throw new FileNotFoundException("Azurite is not installed: run 'npm ci' at the repository root (test.sh does).", path);
    }

    public static string TempFolder(string prefix)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"efiling-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
