using System.Text.Json;

namespace EFiling.Cli.Tests;

/// <summary>`efiling validate --allow-branch-on-parent-certificate`: a branch's declaration (MST-NNN) signed with the
/// parent company's certificate, made the way a user would (sample, edit the MST, `efiling sign`).</summary>
public class ValidateBranchTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public void A_branch_filing_signed_by_the_parent_is_refused_by_default()
    {
        var (file, _) = BranchFilingSignedByParent();

        var run = Efiling.Exec(["validate", file, .. fixture.TrustArgs]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("CERT_MST_BRANCH_ON_PARENT", run.Out);
    }

    [Fact]
    public void It_is_accepted_with_allow_branch_on_parent_certificate()
    {
        var (file, branch) = BranchFilingSignedByParent();

        var run = Efiling.Exec(["validate", file, .. fixture.TrustArgs, "--allow-branch-on-parent-certificate"]);

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Contains($"MST {branch} ", run.Out);
    }

    /// <summary>A valid sample whose NNT/mst is turned into branch 001, then signed again with the company's PFX.</summary>
    private (string File, string Branch) BranchFilingSignedByParent()
    {
        var dir = fixture.NewFolder("branch");
        Assert.Equal(0, Efiling.Exec("sample", "--form", "01/GTGT", "--out", dir, "--pki", fixture.Pki).ExitCode);
        var file = Directory.GetFiles(dir, "*.xml").Single();
        var text = File.ReadAllText(file);
        var mst = System.Text.RegularExpressions.Regex.Match(text, "<mst>(\\d{10})</mst>").Groups[1].Value;
        File.WriteAllText(file, text.Replace($"<mst>{mst}</mst>", $"<mst>{mst}-001</mst>"));

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Pki, "pki.json")));
        var taxpayer = manifest.RootElement.GetProperty("taxpayers").EnumerateArray().Single(t => t.GetProperty("mst").GetString() == mst);
        var signed = Efiling.Exec("sign", file, "--cert", Path.Combine(fixture.Pki, taxpayer.GetProperty("file").GetString()!),
            "--password", taxpayer.GetProperty("password").GetString()!);
        Assert.True(signed.ExitCode == 0, signed.Out + signed.Err);
        return (file, $"{mst}-001");
    }
}
