using System.Diagnostics;

namespace EFiling.Cli.Tests;

/// <summary>Runs the built `efiling` executable as a user would, capturing its exit code and output.</summary>
public static class Efiling
{
    public sealed record Run(int ExitCode, string Out, string Err);

    public static Run Exec(params string[] args) => Process("dotnet", [Path.Combine(AppContext.BaseDirectory, "efiling.dll"), .. args]);

    public static Run Process(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish"); }
        return new Run(p.ExitCode, stdout.Result, stderr.Result);
    }
}
