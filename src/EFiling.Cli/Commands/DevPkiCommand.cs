using System.CommandLine;
using EFiling.Declarations.Identifiers;
using EFiling.Signing;

namespace EFiling.Cli.Commands;

/// <summary>`efiling dev-pki --out DIR`: a development PKI for local runs and vendor testing.</summary>
public static class DevPkiCommand
{
    public static Command Create()
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder to write the PKI into (created if missing).", Required = true };
        var extra = new Option<int>("--extra-taxpayers")
        {
            Description = "Issue this many more valid taxpayer certificates (generated MSTs) besides the default ones.",
            DefaultValueFactory = _ => 0,
        };
        var password = new Option<string>("--password") { Description = "Password for every PFX written (development only).", DefaultValueFactory = _ => "efiling-dev" };
        var command = new Command("dev-pki", "Create a development PKI: root CA, issuing CA, CRL, taxpayer certificates (PFX) with UID=MST:…, and the receipt-signing certificate.")
        {
            outDir, extra, password,
        };
        command.SetAction(parse =>
        {
            var taxpayers = DevPkiOptions.DefaultTaxpayers.Concat(ExtraTaxpayers(parse.GetValue(extra))).ToList();
            using var pki = DevPki.Create(parse.GetValue(outDir)!.FullName, new DevPkiOptions { Taxpayers = taxpayers, Password = parse.GetValue(password)! });
            Console.WriteLine($"Development PKI written to {pki.Folder}");
            Console.WriteLine($"  trusted roots:  {pki.PathOf(pki.Manifest.TrustedRoots)}");
            Console.WriteLine($"  intermediates:  {pki.PathOf(pki.Manifest.Intermediates)}");
            Console.WriteLine($"  CRL folder:     {Path.GetDirectoryName(pki.PathOf(pki.Manifest.Crl))}");
            Console.WriteLine($"  receipt cert:   {pki.PathOf(pki.Manifest.ReceiptSigning.File)}");
            // The named ones (valid, expired, revoked) in full; generated extra taxpayers only counted, they are all alike.
            const int Shown = 5;
            foreach (var t in pki.Taxpayers.Take(Shown)) Console.WriteLine($"  taxpayer {t.Mst} {t.Kind,-8} {t.PfxPath}");
            if (pki.Taxpayers.Count > Shown)
                Console.WriteLine($"  … and {pki.Taxpayers.Count - Shown} more taxpayers (all in {Path.Combine(pki.Folder, "pki.json")})");
            foreach (var a in pki.Agents) Console.WriteLine($"  tax agent {a.Mst} {a.Kind,-8} {a.PfxPath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Deterministic extra taxpayers: MSTs from a fixed range, so repeated runs name the same businesses.</summary>
    private static IEnumerable<DevTaxpayer> ExtraTaxpayers(int count)
    {
        var localities = new[] { "Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ" };
        var made = 0;
        for (var prefix = 310_000_000; made < count; prefix += 7)
        {
            if (Mst.FromFirstNine(prefix.ToString("000000000")) is not { } mst) continue;
            made++;
            yield return new DevTaxpayer(mst.ToString(), $"CÔNG TY TNHH MẪU SỐ {made:000}", DevCertificateKind.Valid, localities[made % localities.Length]);
        }
    }
}
