using EFiling.Signing;

namespace EFiling.Signing.Tests.Support;

/// <summary>
/// Two dev PKIs, made once for the whole test run (RSA key generation is the slow part): the trusted one,
/// and a "rogue" one with the same CA names that nobody configured.
/// </summary>
public sealed class PkiFixture : IDisposable
{
    public PkiFixture()
    {
        Root = Directory.CreateTempSubdirectory("efiling-signing-tests-").FullName;
        Pki = DevPki.Create(Path.Combine(Root, "pki"));
        Rogue = DevPki.Create(
            Path.Combine(Root, "rogue"),
            new DevPkiOptions { Taxpayers = [new DevTaxpayer("0100109106", "CÔNG TY GIẢ MẠO")], RootKeySize = 2048, IssuingKeySize = 2048 });
        Options = Pki.CreateVerifierOptions();
    }

    /// <summary>Temporary folder holding both PKIs and any scratch files; deleted at the end.</summary>
    public string Root { get; }

    public DevPki Pki { get; }

    public DevPki Rogue { get; }

    /// <summary>Verifier options trusting <see cref="Pki"/> (roots, intermediates, CRL folder).</summary>
    public SignatureVerifierOptions Options { get; }

    public DevPkiTaxpayerCertificate Valid => Pki.Taxpayer(TestDocuments.Mst);

    public string ScratchFolder()
    {
        var path = Path.Combine(Root, "scratch", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        Pki.Dispose();
        Rogue.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail the run.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PkiCollection : ICollectionFixture<PkiFixture>
{
    public const string Name = "dev PKI";
}
