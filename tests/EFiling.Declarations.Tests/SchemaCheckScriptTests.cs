using System.Diagnostics;

namespace EFiling.Declarations.Tests;

/// <summary>
/// schemas/check.sh checks the XSDs with xmllint, an independent validator: every example validates, unknown
/// content anywhere outside the signature is refused. Run here so the suite fails when it does. Missing xmllint
/// is a failure, not a skip: scripts/install-tools.sh (run by test.sh) installs Debian's libxml2-utils.
/// </summary>
public class SchemaCheckScriptTests
{
    [Fact]
    public async Task Schemas_check_sh_passes()
    {
        var script = Path.Combine(RepositoryRoot(), "schemas", "check.sh");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // It takes a few seconds (about a hundred xmllint runs); a minute means something hangs.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{script} did not finish within 60 s.");
        }

        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{script} exited {process.ExitCode}:\n{output}");
        Assert.Matches(@"schemas: \d+ passed, 0 failed", output);
    }

    /// <summary>The checkout this test was built from: the first folder above the binaries with schemas/check.sh.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "schemas", "check.sh")) && File.Exists(Path.Combine(dir.FullName, "EFiling.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No repository with schemas/check.sh above {AppContext.BaseDirectory}.");
    }
}
