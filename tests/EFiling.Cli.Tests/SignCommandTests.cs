using System.Xml;

namespace EFiling.Cli.Tests;

/// <summary>`efiling sign` signs the way HTKK does, and an independent implementation (xmlsec1) agrees.</summary>
public class SignCommandTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    private const string Taxpayer = "0100109106";

    private string Unsigned()
    {
        // A real template with the taxpayer's MST, its placeholder signature still in place.
        var catalogueFolder = Path.Combine(AppContext.BaseDirectory, "schemas");
        var xml = File.ReadAllText(Path.Combine(catalogueFolder, "tax/examples/01-GTGT.valid.xml")).Replace("<mst>0102345677</mst>", $"<mst>{Taxpayer}</mst>");
        var path = Path.Combine(fixture.NewFolder("sign"), "declaration.xml");
        File.WriteAllText(path, xml);
        return path;
    }

    private static string Xmlsec1()
    {
        var path = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, "xmlsec1")).FirstOrDefault(File.Exists);
        return path ?? throw new InvalidOperationException("xmlsec1 is not installed: ./test.sh installs Debian's xmlsec1; run it, or apt-get install xmlsec1.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("--exclusive-c14n")]
    [InlineData("--whole-document")]
    public void A_declaration_signed_by_efiling_verifies_with_xmlsec1_and_with_efiling(string option)
    {
        string[] options = option.Length == 0 ? [] : [option];
        var file = Unsigned();
        var sign = Efiling.Exec(["sign", file, "--cert", Path.Combine(fixture.Pki, "taxpayers", Taxpayer + ".pfx"), "--password", "efiling-dev", .. options]);
        Assert.True(sign.ExitCode == 0, sign.Out + sign.Err);

        var xmlsec = Efiling.Process(Xmlsec1(), ["--verify", "--trusted-pem", fixture.TrustedRoots, "--untrusted-pem", fixture.Intermediates, "--id-attr:id", "HSoKhaiThue", file]);
        Assert.True(xmlsec.ExitCode == 0, xmlsec.Out + xmlsec.Err);
        Assert.Contains("OK", xmlsec.Out + xmlsec.Err);

        var validate = Efiling.Exec(["validate", file, .. fixture.TrustArgs]);
        Assert.True(validate.ExitCode == 0, validate.Out + validate.Err);
    }

    [Fact]
    public void Xmlsec1_refuses_what_was_changed_after_efiling_signed_it()
    {
        var file = Unsigned();
        Efiling.Exec("sign", file, "--cert", Path.Combine(fixture.Pki, "taxpayers", Taxpayer + ".pfx"), "--password", "efiling-dev");
        File.WriteAllText(file, File.ReadAllText(file).Replace("<ct40a>5500000</ct40a>", "<ct40a>5500</ct40a>"));
        var xmlsec = Efiling.Process(Xmlsec1(), ["--verify", "--trusted-pem", fixture.TrustedRoots, "--untrusted-pem", fixture.Intermediates, "--id-attr:id", "HSoKhaiThue", file]);
        Assert.NotEqual(0, xmlsec.ExitCode);
        Assert.Contains("SIG_INVALID", Efiling.Exec(["validate", file, .. fixture.TrustArgs]).Out);
    }

    [Fact]
    public void The_signature_is_placed_in_the_signature_block_referencing_the_signed_part()
    {
        var file = Unsigned();
        Efiling.Exec("sign", file, "--cert", Path.Combine(fixture.Pki, "taxpayers", Taxpayer + ".pfx"), "--password", "efiling-dev");
        var doc = new XmlDocument();
        doc.Load(file);
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("t", "http://kekhaithue.gdt.gov.vn/TKhaiThue");
        ns.AddNamespace("ds", "http://www.w3.org/2000/09/xmldsig#");
        var signatures = doc.SelectNodes("//ds:Signature", ns)!;
        Assert.Equal(1, signatures.Count);
        Assert.Equal("CKyDTu", signatures[0]!.ParentNode!.LocalName);
        Assert.Equal("#ID_1", doc.SelectSingleNode("//ds:Reference/@URI", ns)!.Value);
        Assert.Equal("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", doc.SelectSingleNode("//ds:SignatureMethod/@Algorithm", ns)!.Value);
        Assert.NotNull(doc.SelectSingleNode("//ds:KeyInfo/ds:X509Data/ds:X509Certificate", ns));
    }

    [Fact]
    public void A_wrong_password_is_an_error_not_a_crash_report()
    {
        var file = Unsigned();
        var before = File.ReadAllBytes(file);
        var run = Efiling.Exec("sign", file, "--cert", Path.Combine(fixture.Pki, "taxpayers", Taxpayer + ".pfx"), "--password", "wrong");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("password", run.Err);
        Assert.DoesNotContain("Unhandled exception", run.Err);
        Assert.Equal(before, File.ReadAllBytes(file));
    }
}
