using System.Diagnostics;

namespace EFiling.Signing.Tests.Support;

/// <summary>Runs the xmlsec1 command line (the independent implementation we interoperate with).
/// Missing xmlsec1 is a failure, never a skip: interop is a requirement, and the test script installs it.</summary>
public static class Xmlsec
{
    public static string Executable()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, OperatingSystem.IsWindows() ? "xmlsec1.exe" : "xmlsec1");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("xmlsec1 is not on PATH, so the XMLDSig interop tests cannot run. Install it (Debian/Ubuntu: apt-get install xmlsec1) and run the tests again.");
        throw new UnreachableException();
    }

    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            Assert.Fail("xmlsec1 did not finish within 60 s: " + string.Join(' ', arguments));
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
