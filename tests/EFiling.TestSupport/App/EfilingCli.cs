using System.Diagnostics;

namespace EFiling.Functions.Tests.Infrastructure;

/// <summary>Runs the built `efiling` command (same configuration as the tests) as a user or run.sh would.</summary>
public static class EfilingCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Everything it printed, for failure messages.</summary>
        public string Output => Stdout + Stderr;
    }

    public static async Task<Result> RunAsync(params string[] args)
    {
        // tests/X/bin/{Configuration}/net10.0/ → src/EFiling.Cli/bin/{Configuration}/net10.0/efiling.dll
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Repo.Path("src", "EFiling.Cli", "bin", tfm.Parent!.Name, tfm.Name, "efiling.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start efiling.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"efiling {string.Join(' ', args)} did not finish in 2 minutes");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
