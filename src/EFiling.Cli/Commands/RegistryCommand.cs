using System.CommandLine;
using System.Text;
using EFiling.Registry;
using EFiling.Samples;
using EFiling.Signing;
using EFiling.Storage;
using Microsoft.Extensions.DependencyInjection;

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
            using var host = CliStorage.Host(parse.GetValue(connection));
            var importer = new RegistryImporter(new RegistryStore(host.Services.GetRequiredService<StorageClients>(), host.Services.GetRequiredService<StorageNames>()));
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

    /// <summary>
    /// The demo engagements: the first agent files for the first and third named taxpayers (open since 2025) and filed
    /// for the second in 2024 only; the second agent files for the second since 2025. So the first agent signing for
    /// the second taxpayer shows REC_AGENT_NOT_ENGAGED.
    /// </summary>
    public static IReadOnlyList<AgentEngagementRecord> DemoEngagements(DevPki pki)
    {
        if (pki.Agents.Count == 0 || pki.Taxpayers.Count < 3) return [];
        var a = pki.Agents[0];
        var b = pki.Agents.Count > 1 ? pki.Agents[1] : a;
        var (t1, t2, t3) = (pki.Taxpayers[0].Mst, pki.Taxpayers[1].Mst, pki.Taxpayers[2].Mst);
        var list = new List<AgentEngagementRecord>
        {
            new(a.Mst, a.Name, t1, new DateOnly(2025, 1, 2), null, "01/2025/HĐDV-" + a.Mst[..4]),
            new(a.Mst, a.Name, t3, new DateOnly(2025, 1, 2), null, "02/2025/HĐDV-" + a.Mst[..4]),
            new(a.Mst, a.Name, t2, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), "07/2024/HĐDV-" + a.Mst[..4]),
        };
        if (b != a) list.Add(new(b.Mst, b.Name, t2, new DateOnly(2025, 1, 2), null, "01/2025/HĐDV-" + b.Mst[..4]));
        return list;
    }

    private static Command Demo()
    {
        var pkiDir = new Option<DirectoryInfo>("--pki") { Description = "A PKI made by `efiling dev-pki` (its pki.json).", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder for taxpayers.csv (tax agents included), employers.csv, offices.csv and agents.csv.", Required = true };
        var command = new Command("demo", "Write demo registry CSV files for a development PKI's taxpayers.") { pkiDir, outDir };
        command.SetAction(parse =>
        {
            using var pki = DevPki.Load(parse.GetValue(pkiDir)!.FullName);
            // One managing office per taxpayer, fixed by its MST, the same rule the sample generator files by.
            // Tax agents are taxpayers too: their rows carry the certificates they sign their clients' declarations with.
            var taxpayers = pki.Manifest.Taxpayers.Concat(pki.Manifest.Agents ?? []).GroupBy(t => t.Mst).Select(g => new TaxpayerRecord(
                g.Key, g.First().Name, OfficeDirectory.ManagingOffice(g.Key, "tax").Code, TaxpayerStatus.Active,
                g.Select(t => t.Thumbprint.ToUpperInvariant()).ToList())).ToList();
            var engagements = DemoEngagements(pki);
            var employers = taxpayers.Select(t => new EmployerRecord(
                OfficeDirectory.EmployerUnitCode(t.Mst), t.Mst, t.Name, OfficeDirectory.ManagingOffice(t.Mst, "social-insurance").Code)).ToList();
            var offices = OfficeDirectory.All.Select(o => new OfficeRecord(o.Code, o.Name, o.Province)).ToList();

            var dir = parse.GetValue(outDir)!;
            dir.Create();
            using (var w = new StreamWriter(Path.Combine(dir.FullName, "taxpayers.csv"), false, new UTF8Encoding(false))) RegistryCsv.WriteTaxpayers(w, taxpayers);
            using (var w = new StreamWriter(Path.Combine(dir.FullName, "employers.csv"), false, new UTF8Encoding(false))) RegistryCsv.WriteEmployers(w, employers);
            using (var w = new StreamWriter(Path.Combine(dir.FullName, "offices.csv"), false, new UTF8Encoding(false))) RegistryCsv.WriteOffices(w, offices);
            using (var w = new StreamWriter(Path.Combine(dir.FullName, "agents.csv"), false, new UTF8Encoding(false))) RegistryCsv.WriteEngagements(w, engagements);
            Console.WriteLine($"wrote {taxpayers.Count} taxpayers (with {pki.Agents.Count} tax agents), {employers.Count} employers, {offices.Count} offices, " +
                $"{engagements.Count} agent engagements to {dir.FullName}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
