using System.Text.Json;

namespace EFiling.Cli.Tests;

public class ValidateCommandTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public void Valid_samples_exit_0()
    {
        var dir = fixture.NewFolder("valid");
        Assert.Equal(0, Efiling.Exec("sample", "--form", "01/GTGT", "--count", "3", "--out", dir, "--pki", fixture.Pki).ExitCode);
        Assert.Equal(0, Efiling.Exec("sample", "--form", "D02-LT", "--count", "2", "--out", dir, "--pki", fixture.Pki).ExitCode);
        var run = Efiling.Exec(["validate", .. Directory.GetFiles(dir, "*.xml"), .. fixture.TrustArgs]);
        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Contains("5 valid, 0 invalid", run.Out);
    }

    [Fact]
    public void One_invalid_file_among_valid_ones_exits_1_and_names_its_code_in_json()
    {
        var dir = fixture.NewFolder("mixed");
        Efiling.Exec("sample", "--form", "01/GTGT", "--count", "2", "--out", dir, "--pki", fixture.Pki);
        Efiling.Exec("sample", "--form", "01/GTGT", "--count", "1", "--out", dir, "--pki", fixture.Pki, "--broken", "revoked-certificate", "--seed", "9");
        var run = Efiling.Exec(["validate", .. Directory.GetFiles(dir, "*.xml"), .. fixture.TrustArgs, "--json"]);
        Assert.Equal(1, run.ExitCode);
        var verdicts = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(3, verdicts.Count);
        var invalid = Assert.Single(verdicts, v => !v.GetProperty("valid").GetBoolean());
        Assert.Contains(invalid.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == "CERT_REVOKED");
        Assert.All(verdicts, v => Assert.Matches("^[0-9a-f]{64}$", v.GetProperty("sha256").GetString()!));
    }

    [Fact]
    public void Files_that_used_to_crash_the_validator_get_their_verdict_and_the_others_theirs()
    {
        // Issue 11: a figure near long.MaxValue (OverflowException in the rules) and a SignatureValue that is not base64
        // (FormatException in SignedXml) stopped the whole batch with a stack trace.
        var dir = fixture.NewFolder("crashers");
        Efiling.Exec("sample", "--form", "01/GTGT", "--count", "3", "--out", dir, "--pki", fixture.Pki);
        var files = Directory.GetFiles(dir, "*.xml").Order(StringComparer.Ordinal).ToArray();
        File.WriteAllText(files[0], System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(files[0]), "<ct29>[0-9]*</ct29>", "<ct29>9223372036854775807</ct29>"));
        File.WriteAllText(files[1], System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(files[1]), "(<(?:ds:)?SignatureValue>)[^<]*", "$1not*base64!"));

        var run = Efiling.Exec(["validate", .. files, .. fixture.TrustArgs, "--json"]);

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Out}{run.Err}");
        var verdicts = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(3, verdicts.Count);
        string[] Codes(int i) => [.. verdicts.Single(v => v.GetProperty("file").GetString() == files[i]).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()!)];
        Assert.Contains("RULE_VALUE_OVERFLOW", Codes(0));
        Assert.Contains("SIG_MALFORMED", Codes(1));
        Assert.True(verdicts.Single(v => v.GetProperty("file").GetString() == files[2]).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public void Without_trusted_roots_nothing_is_trusted()
    {
        var dir = fixture.NewFolder("untrusted");
        Efiling.Exec("sample", "--form", "03/TNDN", "--out", dir, "--pki", fixture.Pki);
        var run = Efiling.Exec(["validate", .. Directory.GetFiles(dir, "*.xml")]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CERT_UNTRUSTED_ROOT", run.Out);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("validate", "/nonexistent/file.xml")]
    [InlineData("validate", "x.xml", "--no-such-option")]
    [InlineData("sample", "--form", "01/GTGT", "--out", "/tmp/x", "--broken", "no-such-defect")]
    [InlineData("no-such-command")]
    public void Usage_errors_exit_2(params string[] args)
    {
        var run = Efiling.Exec(args);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Out}{run.Err}");
        Assert.NotEmpty(run.Err);
    }

    [Fact]
    public void Every_broken_kind_is_listed_in_help_and_refused_with_its_code()
    {
        var help = Efiling.Exec("sample", "--help").Out;
        var dir = fixture.NewFolder("broken");
        foreach (var (kind, code) in new[] { ("wrapped", "SIG_REFERENCE_TARGET"), ("xxe", "XML_DTD_PROHIBITED"), ("mst-mismatch", "CERT_MST_MISMATCH"), ("xslt-transform", "SIG_TRANSFORM_NOT_ALLOWED") })
        {
            Assert.Contains(kind, help);
            var kindDir = Path.Combine(dir, kind);
            Assert.Equal(0, Efiling.Exec("sample", "--form", "01/GTGT", "--out", kindDir, "--pki", fixture.Pki, "--broken", kind).ExitCode);
            var run = Efiling.Exec(["validate", .. Directory.GetFiles(kindDir, "*.xml"), .. fixture.TrustArgs]);
            Assert.Equal(1, run.ExitCode);
            Assert.Contains(code, run.Out);
        }
    }
}

public class DossierCommandTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public void An_ivan_dossier_sample_validates_and_names_its_forms()
    {
        var dir = fixture.NewFolder("ivan");
        var made = Efiling.Exec("sample", "--form", "D02-LT", "--ivan", "--out", dir, "--pki", fixture.Pki);
        Assert.True(made.ExitCode == 0, made.Out + made.Err);
        Assert.Contains("I-VAN dossier", made.Out);
        var file = Assert.Single(Directory.GetFiles(dir, "*.xml"));
        Assert.StartsWith("IVAN-600_D02-LT_", Path.GetFileName(file));

        var run = Efiling.Exec(["validate", file, .. fixture.TrustArgs]);
        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Contains("I-VAN dossier, procedure 600", run.Out);
        Assert.Contains("1. D02-LT (D02-LT.xml", run.Out);
        Assert.Contains("2. TK1-TS (TK1-TS.xml", run.Out);

        var json = Efiling.Exec(["validate", file, .. fixture.TrustArgs, "--json"]);
        var dossier = JsonDocument.Parse(json.Out).RootElement[0].GetProperty("dossier");
        Assert.Equal("600", dossier.GetProperty("procedure").GetString());
        Assert.Equal(2, dossier.GetProperty("forms").GetArrayLength());
    }

    [Theory]
    [InlineData("tampered", "SIG_INVALID", "FileToKhai[2]/TK1-TS/Cky")]
    [InlineData("mst-mismatch", "CERT_MST_MISMATCH", "FileToKhai[2]/TK1-TS/Cky")]
    [InlineData("unsigned", "SIG_MISSING", "/Hoso/CKy_Dvi")]
    [InlineData("file-not-xml", "DOSSIER_FILE_NOT_XML", "FileToKhai[2]/NoiDungFile")]
    [InlineData("file-too-large", "DOSSIER_FILE_TOO_LARGE", "FileToKhai[2]/NoiDungFile")]
    public void Each_dossier_defect_is_refused_with_its_code_and_path(string kind, string code, string path)
    {
        var dir = fixture.NewFolder("ivan-" + kind);
        Assert.Equal(0, Efiling.Exec("sample", "--form", "D02-LT", "--ivan", "--broken", kind, "--out", dir, "--pki", fixture.Pki).ExitCode);
        var run = Efiling.Exec(["validate", .. Directory.GetFiles(dir, "*.xml"), .. fixture.TrustArgs]);
        Assert.Equal(1, run.ExitCode);
        Assert.Matches($@"reject +{code} [^\n]*{System.Text.RegularExpressions.Regex.Escape(path)}", run.Out);
    }

    [Theory]
    [InlineData("--form", "01/GTGT", "--ivan")]
    [InlineData("--form", "D02-LT", "--ivan", "--broken", "wrapped")]
    [InlineData("--form", "01/GTGT", "--broken", "file-not-xml")]
    public void Combinations_that_make_no_sense_are_usage_errors(params string[] args)
    {
        var run = Efiling.Exec(["sample", .. args, "--out", fixture.NewFolder("bad"), "--pki", fixture.Pki]);
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Out}{run.Err}");
    }
}
