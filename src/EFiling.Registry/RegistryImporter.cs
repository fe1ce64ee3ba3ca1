namespace EFiling.Registry;

/// <summary>Writes a checked registry file into the tables (upserts: importing the same file again changes nothing).</summary>
public sealed class RegistryImporter(RegistryStore store)
{
    /// <summary>Imports every row, or nothing when the file has errors (returned, with their lines).</summary>
    public async Task<RegistryFile> ImportAsync(TextReader text, CancellationToken ct = default)
    {
        var file = RegistryCsv.Read(text);
        if (file.Errors.Count > 0) return file;
        await store.EnsureTablesAsync(ct);
        var options = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct };
        await Parallel.ForEachAsync(file.Taxpayers, options, async (t, token) => await store.UpsertAsync(t, token));
        await Parallel.ForEachAsync(file.Employers, options, async (e, token) => await store.UpsertAsync(e, token));
        await Parallel.ForEachAsync(file.Offices, options, async (o, token) => await store.UpsertAsync(o, token));
        await Parallel.ForEachAsync(file.Engagements, options, async (a, token) => await store.UpsertAsync(a, token));
        return file;
    }
}
