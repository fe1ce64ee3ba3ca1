namespace EFiling.Cli.Tests;

/// <summary>A dev PKI and a folder of samples made once through the CLI itself.</summary>
public sealed class CliFixture : IDisposable
{
    public CliFixture()
    {
        Root = Directory.CreateTempSubdirectory("efiling-cli-").FullName;
        var run = Efiling.Exec("dev-pki", "--out", Pki);
        if (run.ExitCode != 0) throw new InvalidOperationException(run.Out + run.Err);
    }

    public string Root { get; }
    public string Pki => Path.Combine(Root, "pki");
    public string TrustedRoots => Path.Combine(Pki, "trusted-roots.pem");
    public string Intermediates => Path.Combine(Pki, "intermediates.pem");
    public string CrlFolder => Path.Combine(Pki, "crl");

    public string[] TrustArgs => ["--trusted-roots", TrustedRoots, "--intermediates", Intermediates, "--crl-folder", CrlFolder];

    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..6])).FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
