namespace EFiling.Cli.Tests;

/// <summary>`efiling validate` with trust files that cannot be used: a usage error (exit 2) with one clear line
/// naming the flag, never a stack trace.</summary>
public class ValidateTrustOptionTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    public static TheoryData<string, string> BadPaths => new()
    {
        { "--trusted-roots", "missing-file" },
        { "--trusted-roots", "directory" },
        { "--trusted-roots", "no-certificate" },
        { "--intermediates", "missing-file" },
        { "--intermediates", "no-certificate" },
        { "--crl-folder", "missing-folder" },
        { "--crl-folder", "bad-crl" },
    };

    [Theory]
    [MemberData(nameof(BadPaths))]
    public void An_unusable_trust_path_is_a_usage_error(string option, string kind)
    {
        var bad = MakeBadPath(kind);
        string[] trust = ["--trusted-roots", fixture.TrustedRoots, "--intermediates", fixture.Intermediates, "--crl-folder", fixture.CrlFolder];
        var index = Array.IndexOf(trust, option);
        trust[index + 1] = bad;

        var run = Efiling.Exec(["validate", Sample(), .. trust]);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Out}{run.Err}");
        var message = run.Err.Trim();
        Assert.DoesNotContain('\n', message);
        Assert.StartsWith(option + ": ", message);
        Assert.Contains(bad, message);
        Assert.DoesNotContain("Unhandled exception", message);
        Assert.Empty(run.Out); // nothing was validated
    }

    [Fact]
    public void The_message_names_the_environment_variable_when_the_value_came_from_there()
    {
        var run = Efiling.Process("env", ["EFiling__TrustedRoots=/nonexistent/roots.pem", "dotnet",
            Path.Combine(AppContext.BaseDirectory, "efiling.dll"), "validate", Sample()]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("$EFiling__TrustedRoots: no such file \"/nonexistent/roots.pem\".", run.Err.Trim());
    }

    [Fact]
    public void Without_crl_folder_the_crl_folder_next_to_the_trusted_roots_is_used_and_said()
    {
        var run = Efiling.Exec("validate", Sample(), "--trusted-roots", fixture.TrustedRoots, "--intermediates", fixture.Intermediates);

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Contains("1 valid, 0 invalid", run.Out);
        Assert.Contains(fixture.CrlFolder, run.Err);
    }

    [Fact]
    public void The_found_crl_folder_still_catches_a_revoked_certificate()
    {
        var dir = fixture.NewFolder("revoked");
        Assert.Equal(0, Efiling.Exec("sample", "--form", "01/GTGT", "--out", dir, "--pki", fixture.Pki, "--broken", "revoked-certificate").ExitCode);

        var run = Efiling.Exec("validate", Directory.GetFiles(dir, "*.xml").Single(), "--trusted-roots", fixture.TrustedRoots, "--intermediates", fixture.Intermediates);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CERT_REVOKED", run.Out);
    }

    [Fact]
    public void Without_a_crl_folder_anywhere_revocation_stays_unknown_and_refused()
    {
        // The same roots, copied where no crl/ folder is beside them.
        var roots = Path.Combine(fixture.NewFolder("roots-alone"), "trusted-roots.pem");
        File.Copy(fixture.TrustedRoots, roots);

        var run = Efiling.Exec("validate", Sample(), "--trusted-roots", roots, "--intermediates", fixture.Intermediates);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CERT_REVOCATION_UNKNOWN", run.Out);
        Assert.DoesNotContain("CRLs in", run.Err);
    }

    [Fact]
    public void A_given_crl_folder_wins_over_the_one_next_to_the_trusted_roots()
    {
        var empty = fixture.NewFolder("no-crls");

        var run = Efiling.Exec("validate", Sample(), "--trusted-roots", fixture.TrustedRoots, "--intermediates", fixture.Intermediates, "--crl-folder", empty);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CERT_REVOCATION_UNKNOWN", run.Out);
        Assert.Empty(run.Err);
    }

    [Fact]
    public void Under_review_unknown_revocation_is_valid_and_printed_as_review()
    {
        var empty = fixture.NewFolder("no-crls-review");

        var run = Efiling.Exec("validate", Sample(), "--trusted-roots", fixture.TrustedRoots, "--intermediates", fixture.Intermediates,
            "--crl-folder", empty, "--when-revocation-unknown", "review", "--revocation-cache", fixture.NewFolder("cache"));

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Contains("review CERT_REVOCATION_UNKNOWN", run.Out);
    }

    [Fact]
    public void An_unknown_revocation_policy_is_a_usage_error()
    {
        var run = Efiling.Exec("validate", Sample(), "--trusted-roots", fixture.TrustedRoots, "--when-revocation-unknown", "maybe");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("neither reject nor review", run.Err + run.Out);
    }

    [Fact]
    public void The_help_of_crl_folder_tells_about_the_folder_next_to_the_trusted_roots()
    {
        var help = Efiling.Exec("validate", "--help").Out;
        Assert.Contains("crl/ folder next to the --trusted-roots file", help.ReplaceLineEndings(" ").Replace("  ", " "));
    }

    private string MakeBadPath(string kind)
    {
        var dir = fixture.NewFolder(kind);
        switch (kind)
        {
            case "missing-file":
                return Path.Combine(dir, "nothing-here.pem");
            case "missing-folder":
                return Path.Combine(dir, "no-crl-folder");
            case "directory":
                return dir;
            case "no-certificate":
                var text = Path.Combine(dir, "notes.pem");
                File.WriteAllText(text, "not a certificate\n");
                return text;
            case "bad-crl":
                File.WriteAllText(Path.Combine(dir, "broken.crl"), "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
                return dir;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private string Sample()
    {
        var dir = fixture.NewFolder("sample");
        var made = Efiling.Exec("sample", "--form", "01/GTGT", "--out", dir, "--pki", fixture.Pki);
        Assert.True(made.ExitCode == 0, made.Out + made.Err);
        return Directory.GetFiles(dir, "*.xml").Single();
    }
}
