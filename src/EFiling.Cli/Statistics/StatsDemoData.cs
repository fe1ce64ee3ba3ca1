using System.Globalization;
using System.Text;
using System.Xml;
using EFiling.Declarations.Identifiers;
using EFiling.Samples;

namespace EFiling.Cli.Statistics;

/// <summary>
/// Demo counter filings and payments for the demo offices, deterministic (same files every run, so a rerun counts
/// nothing new). Paper filings are sized against the online filings among the samples so that offices land on both
/// sides of their targets; payments run from January to this month with electronic payers growing month by month.
/// </summary>
public static class StatsDemoData
{
    // Online shares the demo aims at, office by office in code order: some above target, some below.
    private static readonly double[] TaxShares = [0.97, 0.93, 0.88, 0.75];
    private static readonly double[] SiShares = [0.95, 0.70];
    private static readonly double[] PayerShares = [0.95, 0.92, 0.85, 0.70];
    private const int PayersPerOffice = 10;

    public sealed record Online(Dictionary<string, int> TaxDocuments, Dictionary<string, HashSet<string>> SiOrganisations);

    /// <summary>Online filings among the sample files: tax documents per office, social-insurance employers per office.</summary>
    public static Online ReadSamples(string folder)
    {
        var online = new Online([], []);
        foreach (var file in Directory.EnumerateFiles(folder, "*.xml", SearchOption.AllDirectories))
        {
            var (taxOffice, siOffice, mst) = Fields(file);
            if (taxOffice is not null) online.TaxDocuments[taxOffice] = online.TaxDocuments.GetValueOrDefault(taxOffice) + 1;
            else if (siOffice is not null && mst is not null)
                (online.SiOrganisations.TryGetValue(siOffice, out var set) ? set : online.SiOrganisations[siOffice] = []).Add(mst);
        }
        return online;
    }

    public static (string CounterFilings, string Payments) Make(Online online, DateOnly today)
    {
        var paper = new StringBuilder("reference,mst,form,kind,office,officeName,receivedOn\r\n");
        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var taxOffices = OfficeDirectory.OfFamily("tax");
        var n = 0;
        foreach (var (office, i) in taxOffices.Where(o => online.TaxDocuments.ContainsKey(o.Code)).Select((o, i) => (o, i)))
        {
            var share = TaxShares[i % TaxShares.Length];
            var count = (int)Math.Round(online.TaxDocuments[office.Code] * (1 - share) / share);
            for (var k = 0; k < count; k++) paper.Append($"DEMO-T{k + 1:0000},{Org(office.Code, k)},01/GTGT,,{office.Code},{Quote(office.Name)},{day}\r\n");
            n += count;
        }
        foreach (var (office, i) in OfficeDirectory.OfFamily("social-insurance").Where(o => online.SiOrganisations.ContainsKey(o.Code)).Select((o, i) => (o, i)))
        {
            var share = SiShares[i % SiShares.Length];
            var count = Math.Max(i % SiShares.Length, (int)Math.Round(online.SiOrganisations[office.Code].Count * (1 - share) / share));
            for (var k = 0; k < count; k++) paper.Append($"DEMO-S{k + 1:0000},{Org(office.Code, 500 + k)},,si,{office.Code},{Quote(office.Name)},{day}\r\n");
        }

        // Payments at the offices with online filings: each payer pays once a quarter (payers spread over the months);
        // payer j goes electronic from its start month, or never.
        var payments = new StringBuilder("reference,mst,amount,paidOn,channel,office,officeName\r\n");
        foreach (var (office, i) in taxOffices.Where(o => online.TaxDocuments.ContainsKey(o.Code)).Select((o, i) => (o, i)))
        {
            var electronicPayers = (int)Math.Round(PayersPerOffice * PayerShares[i % PayerShares.Length]);
            for (var j = 0; j < PayersPerOffice; j++)
            {
                var start = j < electronicPayers ? 1 + j * (today.Month - 1) / PayersPerOffice : int.MaxValue;
                for (var month = 1 + j % 3; month <= today.Month; month += 3)
                {
                    var paid = new DateOnly(today.Year, month, Math.Min(5 + j, month == today.Month ? today.Day : 28));
                    var channel = month >= start ? "electronic" : j % 2 == 0 ? "counter" : "bank-transfer";
                    payments.Append(CultureInfo.InvariantCulture,
                        $"DEMO-{today.Year}{month:00}-{j + 1:000},{Org(office.Code, j)},{(j + 1) * 1_250_000},{paid:yyyy-MM-dd},{channel},{office.Code},{Quote(office.Name)}\r\n");
                }
            }
        }
        return (paper.ToString(), payments.ToString());
    }

    /// <summary>A valid MST (check digit) for the k-th demo organisation of an office, the same every run.</summary>
    private static string Org(string office, int k)
    {
        var seed = (uint)office.Aggregate(17, (h, c) => h * 31 + c);
        for (var probe = 0; ; probe++)
        {
            var firstNine = (900_000_000 + (seed % 9_000) * 10_000 + k * 7 + probe * 3) % 1_000_000_000;
            if (Mst.FromFirstNine(firstNine.ToString("000000000", CultureInfo.InvariantCulture)) is { } mst) return mst.ToString();
        }
    }

    private static string Quote(string s) => s.Contains(',') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;

    private static (string? TaxOffice, string? SiOffice, string? Mst) Fields(string file)
    {
        string? tax = null, si = null, mst = null;
        using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        while (reader.Read() && (tax is null && si is null || mst is null))
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            switch (reader.LocalName)
            {
                case "maCQTNoiNop": tax ??= reader.ReadElementContentAsString().Trim(); break;
                // The own format's maCQBHXH and mst; an I-VAN dossier's CoQuanQuanLy and MaSoThue (ThongTinDonVi).
                case "maCQBHXH" or "CoQuanQuanLy": si ??= reader.ReadElementContentAsString().Trim(); break;
                case "mst" or "MaSoThue": mst ??= reader.ReadElementContentAsString().Trim(); break;
            }
        }
        return (tax, si, mst);
    }
}
