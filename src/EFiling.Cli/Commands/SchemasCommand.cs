using System.CommandLine;
using EFiling.Declarations.Catalogue;

namespace EFiling.Cli.Commands;

/// <summary>
/// `efiling schemas list [--schema-pack DIR]…`: what the catalogue holds once the packs are loaded — each form's
/// maTKhai, code, name, the versions and the pack each comes from, its annexes — so an operator sees what a pack
/// provides before pointing the service at it. `--compile` also compiles every schema, as the first filing would.
/// </summary>
public static class SchemasCommand
{
    public static Command Create()
    {
        var packs = SchemaPackOption.Create();
        var compile = new Option<bool>("--compile") { Description = "Compile every schema too and report those that do not compile (exit 1)." };
        var list = new Command("list", "List the forms and versions of the project's schemas and the given schema packs.") { packs, compile };
        list.SetAction(parse =>
        {
            var (folders, source) = SchemaPackOption.Resolve(parse, packs);
            FormCatalogue catalogue;
            try
            {
                catalogue = FormCatalogue.Load(schemaPacks: folders);
            }
            catch (DirectoryNotFoundException e)
            {
                Console.Error.WriteLine($"{source}: {e.Message}");
                return ExitCodes.Usage;
            }
            return Print(catalogue, parse.GetValue(compile));
        });
        return new Command("schemas", "Inspect the form catalogue and official schema packs.") { list };
    }

    private static int Print(FormCatalogue catalogue, bool compile)
    {
        var cache = new SchemaCache(catalogue);
        var broken = 0;
        void Compile(FormSchema schema)
        {
            if (!compile) return;
            try
            {
                cache.For(schema);
            }
            catch (InvalidDataException e)
            {
                broken++;
                Console.WriteLine($"      DOES NOT COMPILE: {e.Message}");
            }
        }

        Console.WriteLine($"Own schemas: {catalogue.SchemasFolder}");
        foreach (var form in catalogue.Forms)
        {
            Console.WriteLine($"  {form.FormId,-8} {form.Code,-14} {form.Name.En} — {form.Schema}{(form.Rules is null ? "" : $", rules {form.Rules}")}");
            Compile(new FormSchema(form, catalogue.PathOf(form.Schema), null, null));
            if (catalogue.Packs.VersionsOf(form.FormId) is { Count: > 0 } official)
                Console.WriteLine($"           official versions in the packs (checked against those instead): {string.Join(", ", official)}");
        }

        var packs = catalogue.Packs;
        foreach (var folder in packs.Folders) Console.WriteLine($"Schema pack: {folder}");
        if (packs.Folders.Count == 0) return ExitCodes.Ok;

        foreach (var form in catalogue.AllForms.Where(f => packs.VersionsOf(f.FormId).Count > 0).OrderBy(f => f.FormId, StringComparer.Ordinal))
        {
            var menu = packs.FormsOf(form.FormId);
            var alias = packs.Aliases.TryGetValue(form.FormId, out var twin) ? $" (same schema as {twin}, from the viewer catalogue)" : "";
            Console.WriteLine($"  {form.FormId,-8} {form.Code,-22} {form.Name.Vi}{alias}");
            foreach (var version in packs.VersionsOf(form.FormId))
            {
                var schema = packs.Find(form.FormId, version)!;
                Console.WriteLine($"      {version,-7} {schema.Pack}: {Path.GetRelativePath(packs.Folders.First(f => schema.Path.StartsWith(f, StringComparison.Ordinal)), schema.Path)}");
                Compile(new FormSchema(form, schema.Path, version, schema.Pack));
                if (packs.Find(form.FormId, version, supplementary: true) is { } khbs && khbs.Path != schema.Path)
                {
                    Console.WriteLine($"              supplementary (loaiTKhai B): {khbs.Pack}: {Path.GetFileName(khbs.Path)}");
                    Compile(new FormSchema(form, khbs.Path, version, khbs.Pack));
                }
            }
            if (menu.SelectMany(m => m.Annexes).Distinct().ToList() is { Count: > 0 } annexes)
                Console.WriteLine($"      annexes: {string.Join(", ", annexes)}");
        }

        var unmapped = packs.Schemas.Where(s => !packs.FormIds.Any(id => packs.Find(id, s.Version)?.Path == s.Path || packs.Find(id, s.Version, supplementary: true)?.Path == s.Path)).ToList();
        if (unmapped.Count > 0)
            Console.WriteLine($"Schemas no menu maps to a maTKhai (not used): {string.Join(", ", unmapped.Select(s => Path.GetFileName(s.Path)).Order())}");
        foreach (var problem in packs.Problems) Console.WriteLine($"Problem: {problem}");
        var versions = packs.FormIds.Sum(id => packs.VersionsOf(id).Count);
        Console.WriteLine($"{packs.FormIds.Count()} forms in {versions} versions from {packs.Folders.Count} packs{(compile ? $"; {broken} do not compile" : "")}.");
        return broken == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
    }
}
