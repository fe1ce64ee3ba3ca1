namespace EFiling.Cli.Tests;

/// <summary>`efiling validate --sha1-accepted-until` and `--min-rsa-key-bits`, each falling back to the variable the
/// service reads (EFiling__Sha1AcceptedUntil, EFiling__MinRsaKeyBits).</summary>
public class ValidateSignaturePolicyTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public void Min_rsa_key_bits_above_the_signer_key_refuses_it()
    {
        var run = Efiling.Exec(["validate", Sample(), .. fixture.TrustArgs, "--min-rsa-key-bits", "4096"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CERT_KEY_TOO_SMALL", run.Out);
    }

    [Fact]
    public void Min_rsa_key_bits_is_read_from_the_environment_when_the_flag_is_absent()
    {
        var run = Efiling.Process("env", ["EFiling__MinRsaKeyBits=4096", "dotnet",
            Path.Combine(AppContext.BaseDirectory, "efiling.dll"), "validate", Sample(), .. fixture.TrustArgs]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CERT_KEY_TOO_SMALL", run.Out);
    }

    [Theory]
    [InlineData("--sha1-accepted-until", "01/01/2022")]
    [InlineData("--min-rsa-key-bits", "lots")]
    public void A_bad_value_is_a_usage_error_naming_the_flag(string option, string bad)
    {
        var run = Efiling.Exec(["validate", Sample(), .. fixture.TrustArgs, option, bad]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(option + ": ", run.Err.Trim());
        Assert.Contains(bad, run.Err);
    }

    [Fact]
    public void A_bad_environment_value_names_the_variable()
    {
        var run = Efiling.Process("env", ["EFiling__Sha1AcceptedUntil=soon", "dotnet",
            Path.Combine(AppContext.BaseDirectory, "efiling.dll"), "validate", Sample(), .. fixture.TrustArgs]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("$EFiling__Sha1AcceptedUntil: ", run.Err.Trim());
    }

    private string Sample()
    {
        var dir = fixture.NewFolder("sample");
        var made = Efiling.Exec("sample", "--form", "01/GTGT", "--out", dir, "--pki", fixture.Pki);
        Assert.True(made.ExitCode == 0, made.Out + made.Err);
        return Directory.GetFiles(dir, "*.xml").Single();
    }
}
