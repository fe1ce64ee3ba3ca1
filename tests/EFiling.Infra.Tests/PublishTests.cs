using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;

namespace EFiling.Infra.Tests;

/// <summary>
/// functions/publish.sh makes what the Functions host runs: host.json and one folder per function (with its
/// function.json) at the package root, beside the self-contained executable host.json names. The test runs it for
/// real into a temporary folder: a Release, self-contained linux-x64 publish (about 15 s warm; the first run on a
/// machine also restores the linux-x64 runtime packs and builds Release, over a minute).
/// </summary>
[UnsupportedOSPlatform("windows")] // bash, Unix file modes, a linux-x64 package
public sealed class PublishTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("efiling-publish-").FullName;
    private static string Root => InfraFiles.RepositoryRoot;

    [Fact]
    public void Publish_puts_host_json_every_function_and_the_named_executable_at_the_package_root()
    {
        var (exit, output) = Run("bash", Path.Combine(Root, "functions", "publish.sh"), _out);
        Assert.True(exit == 0, $"publish.sh failed:\n{output}");
        var package = Path.Combine(_out, "package");

        var hostJson = File.ReadAllText(Path.Combine(Root, "host.json"));
        Assert.Equal(hostJson, File.ReadAllText(Path.Combine(package, "host.json")));

        // Every function of the repository, and no other, each folder holding its function.json unchanged.
        var functions = Directory.GetDirectories(Path.Combine(Root, "functions"))
            .Where(d => File.Exists(Path.Combine(d, "function.json"))).Select(Path.GetFileName).OfType<string>().Order().ToList();
        Assert.NotEmpty(functions);
        var packaged = Directory.GetFiles(package, "function.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(package, Path.GetDirectoryName(f)!)).Order().ToList();
        Assert.Equal(functions, packaged);
        foreach (var name in functions)
            Assert.Equal(File.ReadAllText(Path.Combine(Root, "functions", name, "function.json")), File.ReadAllText(Path.Combine(package, name, "function.json")));

        // The executable the host starts: present, executable, a native (self-contained) one, with the runtime and
        // the schemas it loads beside it.
        var executable = (string)JsonNode.Parse(hostJson)!["customHandler"]!["description"]!["defaultExecutablePath"]!;
        var path = Path.Combine(package, executable);
        Assert.True(File.Exists(path), $"{executable} (host.json defaultExecutablePath) is not in the package");
        Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{executable} is not executable");
        Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(path)[..4]);
        Assert.True(File.Exists(Path.Combine(package, "libcoreclr.so")), "the runtime is not in the package (not self-contained)");
        Assert.True(File.Exists(Path.Combine(package, "schemas", "catalogue.json")), "the schemas are not in the package");

        // The zip for zip deploy: the same root, and the executable bit kept (Unix mode in the entry's upper 16 bits).
        using var zip = ZipFile.OpenRead(Path.Combine(_out, "efiling-functions.zip"));
        var entries = zip.Entries.ToDictionary(e => e.FullName);
        Assert.Contains("host.json", entries.Keys);
        Assert.All(functions, name => Assert.Contains($"{name}/function.json", entries.Keys));
        var mode = (UnixFileMode)((entries[executable].ExternalAttributes >> 16) & 0x1FF);
        Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"{executable} lost its executable bit in the zip ({mode})");
    }

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 10 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose()
    {
        try { Directory.Delete(_out, recursive: true); } catch (IOException) { }
    }
}
