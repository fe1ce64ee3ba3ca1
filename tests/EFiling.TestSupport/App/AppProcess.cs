using System.Collections.Concurrent;
using System.Diagnostics;

namespace EFiling.Functions.Tests.Infrastructure;

/// <summary>
/// The function app as a real process (its built EFiling.Functions.dll) on a free port, configured through
/// environment variables exactly as run.sh or Azure would configure it. Tests talk to it over real HTTP.
/// </summary>
public sealed class AppProcess : ITestApp
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }
    public HttpClient Client { get; }

    /// <summary>What the app logged so far (for failure messages).</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>The last <paramref name="lines"/> lines the app logged: enough to say why a wait timed out.</summary>
    public string OutputTail(int lines = 60)
    {
        var all = _output.ToArray();
        return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
    }

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, int? port = null)
    {
        var listenPort = port ?? FreePort.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Repo.AppDll)!,
        };
        info.ArgumentList.Add(Repo.AppDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{listenPort}");
        info.Environment.Remove("FUNCTIONS_CUSTOMHANDLER_PORT");
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the app.");
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{listenPort}"));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) app._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) app._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        return app;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited ({_process.ExitCode}):\n{Output}");
            try
            {
                using var response = await Client.GetAsync("/api/health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The app did not become healthy in {timeout}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
