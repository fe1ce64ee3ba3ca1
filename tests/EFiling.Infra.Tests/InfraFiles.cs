using System.Text.Json;
using System.Text.Json.Nodes;

namespace EFiling.Infra.Tests;

/// <summary>
/// Finds the repository and loads the files the tests check: the build output of
/// infra-bicep/build.sh (never skipped: a missing or stale output is a failure that says what to run),
/// config/storage-names.json and infra-bicep/app-settings.required.json.
/// </summary>
public static class InfraFiles
{
    public const string RunBuildFirst = "run infra-bicep/build.sh first";

    /// <summary>The parameters files (infra-bicep/params/*.bicepparam) the build snapshots.</summary>
    public static readonly string[] Environments = ["dev", "prod"];

    /// <summary>infra-bicep/fixtures/reviewers.bicepparam: dev with example reviewers, snapshotted but never deployed.</summary>
    public const string ReviewersFixture = "reviewers";

    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    public static string InfraDirectory => Path.Combine(RepositoryRoot, "infra-bicep");

    public static string OutDirectory => Path.Combine(InfraDirectory, "out");

    /// <summary>The compiled ARM template, infra-bicep/out/main.json.</summary>
    public static JsonObject CompiledTemplate() => LoadBuildOutput(Path.Combine(OutDirectory, "main.json"));

    /// <summary>The raw text of infra-bicep/out/main.json.</summary>
    public static string CompiledTemplateText()
    {
        var path = Path.Combine(OutDirectory, "main.json");
        EnsureBuildOutput(path);
        return File.ReadAllText(path);
    }

    /// <summary>
    /// `bicep snapshot` of params/&lt;env&gt;.bicepparam: the compiled template expanded with that
    /// file's values (names, role ids, scopes resolved) in a fixed fake subscription.
    /// </summary>
    public static JsonObject Snapshot(string environment) =>
        LoadBuildOutput(Path.Combine(OutDirectory, "snapshots", $"{environment}.snapshot.json"));

    /// <summary>The compiled parameters file, out/params/&lt;env&gt;.parameters.json.</summary>
    public static JsonObject Parameters(string environment) =>
        LoadBuildOutput(Path.Combine(OutDirectory, "params", $"{environment}.parameters.json"));

    /// <summary>config/storage-names.json: the one list of container, queue and table names.</summary>
    public static JsonObject StorageNames() =>
        LoadJson(Path.Combine(RepositoryRoot, "config", "storage-names.json"));

    /// <summary>infra-bicep/app-settings.required.json: every setting the app reads.</summary>
    public static IReadOnlyList<string> RequiredAppSettings()
    {
        var path = Path.Combine(InfraDirectory, "app-settings.required.json");
        var node = JsonNode.Parse(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty");
        if (node is not JsonArray array)
        {
            throw new InvalidDataException($"{path} must be a JSON array of setting names");
        }
        return array.Select(item => item is JsonValue v && v.TryGetValue<string>(out var s)
                ? s
                : throw new InvalidDataException($"{path}: every entry must be a string, found {item?.ToJsonString()}"))
            .ToList();
    }

    public static JsonObject LoadJson(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })
            ?? throw new InvalidDataException($"{path} is empty");
        return node as JsonObject ?? throw new InvalidDataException($"{path} is not a JSON object");
    }

    private static JsonObject LoadBuildOutput(string path)
    {
        EnsureBuildOutput(path);
        return LoadJson(path);
    }

    /// <summary>
    /// Fails (never skips) when the build output is missing, or older than a source it is built from.
    /// </summary>
    private static void EnsureBuildOutput(string path)
    {
        var relative = Path.GetRelativePath(RepositoryRoot, path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{relative} is missing: {RunBuildFirst}", path);
        }

        var built = File.GetLastWriteTimeUtc(path);
        var sources = Directory.EnumerateFiles(InfraDirectory, "*.bicep*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(OutDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Append(Path.Combine(InfraDirectory, "bicepconfig.json"))
            .Append(Path.Combine(RepositoryRoot, "config", "storage-names.json"));
        var newer = sources.FirstOrDefault(f => File.Exists(f) && File.GetLastWriteTimeUtc(f) > built);
        if (newer is not null)
        {
            throw new InvalidOperationException(
                $"{relative} is older than {Path.GetRelativePath(RepositoryRoot, newer)}: {RunBuildFirst}");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "infra-bicep"))
                && File.Exists(Path.Combine(dir.FullName, "config", "storage-names.json")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException(
            $"No repository root (a folder with infra-bicep/ and config/storage-names.json) above {AppContext.BaseDirectory}");
    }
}
