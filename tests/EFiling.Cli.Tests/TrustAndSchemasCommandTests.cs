using EFiling.Tests.Shared;

namespace EFiling.Cli.Tests;

/// <summary>`efiling trust import` and `efiling schemas list` as an operator runs them.</summary>
public sealed class TrustAndSchemasCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("efiling-cli-trust-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_store_that_does_not_exist_is_a_usage_error()
    {
        var run = Efiling.Exec("trust", "import", Path.Combine(_folder, "nope"), "--out", Path.Combine(_folder, "out"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("No such folder", run.Err);
    }

    [Fact]
    public void A_store_without_any_certificate_names_what_it_could_not_read()
    {
        var store = Directory.CreateDirectory(Path.Combine(_folder, "store", "root")).FullName;
        File.WriteAllText(Path.Combine(store, "broken.cer"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");

        var run = Efiling.Exec("trust", "import", Path.GetDirectoryName(store)!, "--out", Path.Combine(_folder, "out"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"unreadable, skipped: {Path.Combine("root", "broken.cer")}", run.Err);
    }

    [RealWorldFact]
    public void ITaxViewers_certstore_imports_with_the_national_roots_and_the_unreadable_file_named()
    {
        var output = Path.Combine(_folder, "trust");
        var run = Efiling.Exec("trust", "import", RealWorld.CertStore, "--out", output);

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Contains("root: CN=Vietnam National Root CA", run.Out);
        Assert.Contains("root: CN=MIC National Root CA", run.Out);
        Assert.Contains("unreadable, skipped:", run.Err);
        var pem = File.ReadAllText(Path.Combine(output, "intermediates.pem"));
        Assert.True(pem.Split("BEGIN CERTIFICATE").Length - 1 >= 30, "too few intermediates");
    }

    [RealWorldFact]
    public void Schemas_list_shows_every_pack_form_and_version_and_compiles_them()
    {
        var args = new List<string> { "schemas", "list", "--compile" };
        foreach (var pack in RealWorld.SchemaPacks) args.AddRange(["--schema-pack", pack]);

        var run = Efiling.Exec([.. args]);

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Contains("0 do not compile", run.Out);
        // 01/GTGT TT80 in its four official versions, 2.8.3 from the 5.7 copy's side folder.
        Assert.Matches(@"2\.8\.3 +htkk_5\.7_InterfaceTemplates: extra_schemas_htkk_template", run.Out);
        Assert.Contains("same schema as 131", run.Out);
    }

    [Fact]
    public void A_schema_pack_that_does_not_exist_is_a_usage_error_naming_the_flag()
    {
        var run = Efiling.Exec("schemas", "list", "--schema-pack", Path.Combine(_folder, "nope"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--schema-pack", run.Err);
    }
}
