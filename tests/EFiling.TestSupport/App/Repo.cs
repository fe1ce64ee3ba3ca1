namespace EFiling.Functions.Tests.Infrastructure;

/// <summary>Paths in the repository, found from the test assembly's location.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The app's own build output (same configuration as the tests), which the tests run as a process.</summary>
    public static string AppDll
    {
        get
        {
            // tests/EFiling.Functions.Tests/bin/{Configuration}/net10.0/ → functions/EFiling.Functions/bin/{Configuration}/net10.0/
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
            var dll = Path("functions", "EFiling.Functions", "bin", tfm.Parent!.Name, tfm.Name, "EFiling.Functions.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build functions/EFiling.Functions first.", dll);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EFiling.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (EFiling.sln).");
    }
}
