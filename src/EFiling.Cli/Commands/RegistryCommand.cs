using System.CommandLine;
using System.Text;
using EFiling.Registry;
using EFiling.Samples;
using EFiling.Signing;
using EFiling.Storage;

namespace EFiling.Cli.Commands;

/// <summary>
/// `efiling registry import FILE…` loads registry CSV files (taxpayers, employers, offices or agents, told by the header)
/// into table storage: all rows of a file, or none when any row is wrong (each error with its code and line).
/// `efiling registry demo --pki DIR --out DIR` writes those CSV files for a development PKI's taxpayers.
/// </summary>
public static class RegistryCommand
{
    public static Command Create() => new("registry", "Taxpayer, employer, office and tax-agent registries used by reconciliation.") { Import(), Demo() };

    private static Command Import()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "CSV files: taxpayers (mst,name,office,status,certificates), employers (unitCode,mst,name,office), offices (code,name,province) or tax agents' engagements (agentMst,agentName,clientMst,from,to,contract).", Arity = ArgumentArity.OneOrMore };
        var connection = new Option<string?>("--connection") { Description = "Storage connection string (default: $AzureWebJobsStorage, else Azurite's dev account)." };
        var command = new Command("import", "Import registry CSV files into table storage (upserts; a file with errors imports nothing).") { files, connection };
        command.SetAction(async (parse, ct) =>
        {
            var clients = StorageClients.FromConnectionString(parse.GetValue(connection)
                ?? Environment.GetEnvironmentVariable(StorageClients.SettingName) ?? StorageClients.DevelopmentStorage);
            var importer = new RegistryImporter(new RegistryStore(clients, StorageNames.Default));
            var exit = ExitCodes.Ok;
            foreach (var file in parse.GetValue(files)!)
            {
                if (!file.Exists)
                {
                    Console.Error.WriteLine($"{file.FullName}: no such file");
                    exit = ExitCodes.Invalid;
                    continue;
                }
                using var reader = new StreamReader(file.FullName, Encoding.UTF8);
                var result = await importer.ImportAsync(reader, ct);
                if (result.Errors.Count > 0)
                {
                    foreach (var e in result.Errors) Console.Error.WriteLine($"{file.Name}:{e.Line}: {e.Code} {e.Message}");
                    Console.Error.WriteLine($"{file.Name}: {result.Errors.Count} error(s); nothing imported");
                    exit = ExitCodes.Invalid;
                }
                else Console.WriteLine($"{file.Name}: imported {result.Count} {result.Kind?.ToString().ToLowerInvariant()}");
            }
            return exit;
        });
        return command;
    }

    private static Command Demo()
    {
        var pkiDir = new Option<DirectoryInfo>("--pki") { Description = "A PKI made by `efiling dev-pki` (its pki.json).", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder for taxpayers.csv, employers.csv and offices.csv.", Required = true };
        var command = new Command("demo", "Write demo registry CSV files for a development PKI's taxpayers.") { pkiDir, outDir };
        command.SetAction(parse =>
        {
            using var pki = DevPki.Load(parse.GetValue(pkiDir)!.FullName);
            // One managing office per taxpayer, fixed by its MST, the same rule the sample generator files by.
            var taxpayers = pki.Manifest.Taxpayers.GroupBy(t => t.Mst).Select(g => new TaxpayerRecord(
                g.Key, g.First().Name, OfficeDirectory.ManagingOffice(g.Key, "tax").Code, TaxpayerStatus.Active,
                g.Select(t => t.Thumbprint.ToUpperInvariant()).ToList())).ToList();
            var employers = taxpayers.Select(t => new EmployerRecord(
                OfficeDirectory.EmployerUnitCode(t.Mst), t.Mst, t.Name, OfficeDirectory.ManagingOffice(t.Mst, "social-insurance").Code)).ToList();
            var offices = OfficeDirectory.All.Select(o => new OfficeRecord(o.Code, o.Name, o.Province)).ToList();

            var dir = parse.GetValue(outDir)!;
            dir.Create();
            using (var w = new StreamWriter(Path.Combine(dir.FullName, "taxpayers.csv"), false, new UTF8Encoding(false))) RegistryCsv.WriteTaxpayers(w, taxpayers);
            using (var w = new StreamWriter(Path.Combine(dir.FullName, "employers.csv"), false, new UTF8Encoding(false))) RegistryCsv.WriteEmployers(w, employers);
            using (var w = new StreamWriter(Path.Combine(dir.FullName, "offices.csv"), false, new UTF8Encoding(false))) RegistryCsv.WriteOffices(w, offices);
            Console.WriteLine($"wrote {taxpayers.Count} taxpayers, {employers.Count} employers, {offices.Count} offices to {dir.FullName}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
