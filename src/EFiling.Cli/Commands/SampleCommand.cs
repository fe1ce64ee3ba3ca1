using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Identifiers;
using EFiling.Samples;
using EFiling.Signing;

namespace EFiling.Cli.Commands;

/// <summary>`efiling sample`: realistic signed declarations, valid or with one defect on purpose.</summary>
public static class SampleCommand
{
    public static Command Create()
    {
        var form = new Option<string>("--form") { Description = "Form code, e.g. 01/GTGT, 03/TNDN, 05/KK-TNCN, TK3-TS, D02-LT.", Required = true };
        var count = new Option<int>("--count") { Description = "How many declarations to write.", DefaultValueFactory = _ => 1 };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder to write the declarations into.", Required = true };
        var pkiDir = new Option<DirectoryInfo?>("--pki") { Description = "A PKI made by `efiling dev-pki`; default: a new one in OUT/pki." };
        var broken = new Option<string?>("--broken")
        {
            Description = "Make each declaration with this defect: " + string.Join(", ", Enum.GetValues<SampleDefect>().Skip(1).Select(d => d.CliName())) + ".",
        };
        broken.AcceptOnlyFromAmong(Enum.GetValues<SampleDefect>().Skip(1).Select(d => d.CliName()).ToArray());
        var rows = new Option<int?>("--rows") { Description = "Rows in the main appendix (01/GTGT invoices); 2000 makes a ~400 KB file." };
        var seed = new Option<int>("--seed") { Description = "Random seed, for repeatable output.", DefaultValueFactory = _ => 1 };
        var refunds = new Option<int>("--refund-requests") { Description = "01/GTGT: how many of the COUNT declarations ask for a VAT refund (item [42] > 0), which reconciliation sends to an officer for review." };
        var bom = new Option<bool>("--bom-crlf") { Description = "Write a UTF-8 BOM and CRLF line endings, as Windows tools do." };
        var agent = new Option<string?>("--agent")
        {
            Description = "Tax forms: prepared and signed by a tax agent of the PKI (a DLyThue block naming it, the agent's certificate); " +
                          "alone, the PKI's first agent; with an MST, that agent.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var period = new Option<string?>("--period") { Description = "The period, as a key: 2021-Q1, 2021-M01 or 2021 (of the form's kind); default: a recent ended one." };
        var mst = new Option<string?>("--mst") { Description = "The taxpayer (an MST with a certificate in the PKI); default: one of the PKI's valid taxpayers." };
        var ivan = new Option<bool>("--ivan")
        {
            Description = "Social insurance: an I-VAN dossier (Hoso, procedure 600) as employers' software sends it: the form (D02-LT with a TK1-TS " +
                          "for its new employees; TK3-TS alone), each signed, in base64, the dossier signed by the employer. TK1-TS is always a dossier.",
        };

        var command = new Command("sample", "Generate realistic signed declarations (valid by default; --broken makes each kind of defect on purpose).")
        {
            form, count, outDir, pkiDir, broken, rows, seed, bom, refunds, agent, mst, period, ivan,
        };
        command.SetAction(parse =>
        {
            var catalogue = FormCatalogue.Load();
            if (catalogue.FormByCode(parse.GetValue(form)!) is not { } definition)
            {
                Console.Error.WriteLine($"Unknown form '{parse.GetValue(form)}'. Known: {string.Join(", ", catalogue.Forms.Select(f => f.Code))}.");
                return ExitCodes.Usage;
            }
            var output = parse.GetValue(outDir)!;
            output.Create();
            using var pki = DevPki.LoadOrCreate(parse.GetValue(pkiDir)?.FullName ?? Path.Combine(output.FullName, "pki"));
            var defect = parse.GetValue(broken) is { } name ? SampleDefects.FromCliName(name)!.Value : SampleDefect.None;
            var dossier = parse.GetValue(ivan) || catalogue.DossierForms.Contains(definition);
            if (dossier && !catalogue.Dossiers.Any(d => d.Forms.Any(f => f.Code == definition.Code)))
            {
                Console.Error.WriteLine($"--ivan is for the forms an I-VAN dossier carries ({string.Join(", ", catalogue.Dossiers.SelectMany(d => d.Forms).Select(f => f.Code))}).");
                return ExitCodes.Usage;
            }
            if (dossier ? !defect.AppliesToDossiers() : !defect.AppliesToDeclarations())
            {
                var allowed = Enum.GetValues<SampleDefect>().Where(d => d != SampleDefect.None && (dossier ? d.AppliesToDossiers() : d.AppliesToDeclarations()));
                Console.Error.WriteLine($"--broken {defect.CliName()} is not made {(dossier ? "in an I-VAN dossier" : "without --ivan")}; these are: {string.Join(", ", allowed.Select(d => d.CliName()))}.");
                return ExitCodes.Usage;
            }
            var total = parse.GetValue(count);
            var refundCount = parse.GetValue(refunds);
            if (refundCount < 0 || refundCount > total || (refundCount > 0 && definition.Code != "01/GTGT"))
            {
                Console.Error.WriteLine("--refund-requests must be between 0 and --count, and only for 01/GTGT.");
                return ExitCodes.Usage;
            }
            string? agentMst = null;
            if (parse.GetResult(agent) is not null)
            {
                agentMst = parse.GetValue(agent) ?? pki.Agents.FirstOrDefault()?.Mst;
                if (agentMst is null || pki.Agents.All(a => a.Mst != agentMst))
                {
                    Console.Error.WriteLine($"--agent: no tax agent {agentMst} in this PKI. Its agents: {(pki.Agents.Count == 0 ? "none (make a new PKI)" : string.Join(", ", pki.Agents.Select(a => a.Mst)))}.");
                    return ExitCodes.Usage;
                }
                if (catalogue.Family(definition.Family).FieldPath("agentMst") is null || defect != SampleDefect.None || dossier)
                {
                    Console.Error.WriteLine("--agent is for tax forms (01/GTGT, 03/TNDN, 05/KK-TNCN) and cannot be combined with --broken.");
                    return ExitCodes.Usage;
                }
            }
            var client = parse.GetValue(mst);
            if (client is not null && pki.Taxpayers.All(t => t.Mst != client))
            {
                Console.Error.WriteLine($"--mst: no taxpayer certificate for {client} in this PKI.");
                return ExitCodes.Usage;
            }
            Period? chosen = null;
            if (parse.GetValue(period) is { } key && (chosen = PeriodOfKey(key)) is null)
            {
                Console.Error.WriteLine($"--period: '{key}' is not a period key such as 2021-Q1, 2021-M01 or 2021.");
                return ExitCodes.Usage;
            }
            var generator = new SampleGenerator(catalogue, pki, parse.GetValue(seed));
            for (var i = 0; i < total; i++)
            {
                var sample = generator.Generate(new SampleRequest
                {
                    FormCode = definition.Code, Defect = defect, AppendixRows = parse.GetValue(rows), BomAndCrlf = parse.GetValue(bom),
                    AgentMst = agentMst, Mst = client, Period = chosen, Ivan = dossier,
                    // Spread over the set (every k-th), so they fall on different taxpayers and offices.
                    RefundRequest = refundCount > 0 && i % (total / refundCount) == 0 && i / (total / refundCount) < refundCount,
                });
                File.WriteAllBytes(Path.Combine(output.FullName, sample.FileName), sample.Bytes);
            }
            Console.WriteLine($"Wrote {total} {definition.Code} {(dossier ? "I-VAN dossier(s)" : "declaration(s)")}{(defect == SampleDefect.None ? "" : $" with defect {defect.CliName()}")}" +
                $"{(agentMst is null ? "" : $" signed by tax agent {agentMst}")}" +
                $"{(refundCount > 0 ? $", {refundCount} of them refund requests" : "")} to {output.FullName}; PKI: {pki.Folder}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Period? PeriodOfKey(string key)
    {
        int N(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);
        if (Regex.Match(key, @"^(\d{4})-Q([1-4])$") is { Success: true } q) return Period.Quarter(N(q.Groups[1]), N(q.Groups[2]));
        if (Regex.Match(key, @"^(\d{4})-M(0[1-9]|1[0-2])$") is { Success: true } m) return Period.Month(N(m.Groups[1]), N(m.Groups[2]));
        if (Regex.Match(key, @"^(\d{4})$") is { Success: true } y) return Period.OfYear(N(y.Groups[1]));
        return null;
    }
}
