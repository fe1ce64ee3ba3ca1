using System.Diagnostics;

namespace EFiling.Infra.Tests;

/// <summary>The scripts are not run by the tests (deploy.sh needs Azure), but they must parse.</summary>
public class ScriptTests
{
    [Theory]
    [InlineData("deploy.sh")]
    [InlineData("build.sh")]
    public void Script_passes_bash_syntax_check(string script)
    {
        var path = Path.Combine(InfraFiles.InfraDirectory, script);
        Assert.True(File.Exists(path), $"{path} is missing");

        var (exitCode, output) = Run("bash", "-n", path);

        Assert.True(exitCode == 0, $"bash -n {script} failed: {output}");
    }

    [Fact]
    public void Deploy_script_uses_main_bicep_with_a_parameters_file_per_environment()
    {
        var text = File.ReadAllText(Path.Combine(InfraFiles.InfraDirectory, "deploy.sh"));

        Assert.Contains("az deployment group create", text, StringComparison.Ordinal);
        Assert.Contains("infra-bicep/main.bicep", text, StringComparison.Ordinal);
        Assert.Contains("infra-bicep/params/$environment.bicepparam", text, StringComparison.Ordinal);
        Assert.Contains("az functionapp deployment source config-zip", text, StringComparison.Ordinal);
        Assert.Contains("functions/publish.sh", text, StringComparison.Ordinal);
        foreach (var environment in InfraFiles.Environments)
        {
            Assert.True(File.Exists(Path.Combine(InfraFiles.InfraDirectory, "params", $"{environment}.bicepparam")), environment);
        }
    }

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
