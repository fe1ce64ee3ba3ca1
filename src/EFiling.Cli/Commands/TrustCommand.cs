using System.CommandLine;
using EFiling.Signing;

namespace EFiling.Cli.Commands;

/// <summary>
/// `efiling trust import DIR --out OUTDIR`: the national trust as data. Reads a certificate store laid out as iTaxViewer
/// ships it and writes the trusted-roots.pem and intermediates.pem that `validate` and the service read
/// (EFiling__TrustedRoots, EFiling__Intermediates). Files it cannot read are named on stderr; the import goes on.
/// </summary>
public static class TrustCommand
{
    public static Command Create()
    {
        var store = new Argument<DirectoryInfo>("store") { Description = "The certificate store folder (e.g. iTaxViewer's certstore with root/ and trust/)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write trusted-roots.pem and intermediates.pem.", Required = true };
        var import = new Command("import", "Write trusted-roots.pem (self-signed roots) and intermediates.pem (the other CAs) from a certificate store.") { store, output };
        import.SetAction(parse =>
        {
            var from = parse.GetValue(store)!;
            if (!from.Exists)
            {
                Console.Error.WriteLine($"No such folder: {from.FullName}");
                return ExitCodes.Usage;
            }
            var result = TrustStoreImport.Run(from.FullName, parse.GetValue(output)!.FullName);
            foreach (var file in result.Unreadable) Console.Error.WriteLine($"unreadable, skipped: {file}");
            foreach (var entity in result.EndEntities) Console.Error.WriteLine($"not a CA certificate, skipped: {entity}");
            if (result.Roots + result.Intermediates == 0)
            {
                Console.Error.WriteLine($"No CA certificate found in {from.FullName}.");
                return ExitCodes.Usage;
            }
            Console.WriteLine($"{result.Roots} roots, {result.Intermediates} intermediates written to {Path.GetDirectoryName(result.TrustedRootsPath)} "
                              + $"({result.Duplicates} duplicates removed, {result.Unreadable.Count} unreadable{(result.Unreadable.Count > 0 ? ": " + string.Join(", ", result.Unreadable) : "")})");
            // The roots decide everything: name each, so the operator sees what is now trusted.
            foreach (var root in result.RootSubjects) Console.WriteLine($"  root: {root}");
            Console.WriteLine($"  export EFiling__TrustedRoots={result.TrustedRootsPath}");
            Console.WriteLine($"  export EFiling__Intermediates={result.IntermediatesPath}");
            return ExitCodes.Ok;
        });
        return new Command("trust", "Certificates the service trusts.") { import };
    }
}
