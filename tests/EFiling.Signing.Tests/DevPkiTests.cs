using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EFiling.Declarations.Identifiers;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;

namespace EFiling.Signing.Tests;

[Collection(PkiCollection.Name)]
public sealed class DevPkiTests(PkiFixture fixture)
{
    private DevPki Pki => fixture.Pki;

    [Fact]
    public void Writes_the_documented_layout()
    {
        string[] files =
        [
            "pki.json", "root-ca.pem", "issuing-ca.pem", "issuing-ca.pfx", "trusted-roots.pem", "intermediates.pem",
            "crl/issuing-ca.crl", "crl/root-ca.crl", "receipt-signing.pfx",
        ];
        foreach (var file in files)
        {
            Assert.True(File.Exists(Pki.PathOf(file)), file);
        }

        foreach (var taxpayer in DevPkiOptions.DefaultTaxpayers)
        {
            foreach (var suffix in new[] { ".pfx", ".pem", ".key.pem" })
            {
                Assert.True(File.Exists(Pki.PathOf($"taxpayers/{taxpayer.Mst}{suffix}")), taxpayer.Mst + suffix);
            }
        }
    }

    [Fact]
    public void Issues_the_tax_agents_certificates_with_their_own_MSTs_listed_apart_from_the_taxpayers()
    {
        Assert.Equal(DevPkiOptions.DefaultAgents.Select(a => a.Mst), Pki.Agents.Select(a => a.Mst));
        Assert.Equal(Pki.Agents.Select(a => a.Mst), Pki.Manifest.Agents!.Select(a => a.Mst));
        Assert.All(Pki.Agents, a =>
        {
            Assert.True(Mst.TryParse(a.Mst, out _), a.Mst);
            Assert.Equal(a.Mst, CertificateMst.Read(a.Certificate));
            Assert.True(a.Certificate.HasPrivateKey);
            Assert.Equal(DevCertificateKind.Valid, a.Kind);
            Assert.True(File.Exists(a.PfxPath));
        });
        Assert.DoesNotContain(Pki.Taxpayers, t => Pki.Agents.Any(a => a.Mst == t.Mst));
        Assert.Same(Pki.Agents[1], Pki.Agent(Pki.Agents[1].Mst));
    }

    [Fact]
    public void Manifest_lists_each_taxpayer_with_kind_and_password()
    {
        var json = File.ReadAllText(Pki.PathOf("pki.json"));

        Assert.Contains("\"kind\": \"revoked\"", json);
        Assert.Contains("CÔNG TY TNHH ABC", json); // readable, not \u-escaped
        Assert.Equal(
            DevPkiOptions.DefaultTaxpayers.Select(t => (t.Mst, t.Name, t.Kind)),
            Pki.Manifest.Taxpayers.Select(t => (t.Mst, t.Name, t.Kind)));
        Assert.All(Pki.Manifest.Taxpayers, t =>
        {
            Assert.Equal("efiling-dev", t.Password);
            Assert.Equal($"taxpayers/{t.Mst}.pfx", t.File);
        });
    }

    [Fact]
    public void Default_msts_have_correct_check_digits()
    {
        Assert.All(DevPkiOptions.DefaultTaxpayers, t => Assert.True(Mst.TryParse(t.Mst, out _), t.Mst));
        Assert.Contains(DevPkiOptions.DefaultTaxpayers, t => t.Kind == DevCertificateKind.Expired);
        Assert.Contains(DevPkiOptions.DefaultTaxpayers, t => t.Kind == DevCertificateKind.Revoked);
    }

    [Theory]
    [InlineData("0100109106", true)]
    [InlineData("0101601092", true)]
    [InlineData("0100109106-001", true)]
    [InlineData("0100109107", false)]
    [InlineData("0100109106-01", false)]
    [InlineData("010010910", false)]
    [InlineData("01001091x6", false)]
    public void Mst_check_digit_of_the_shared_core(string mst, bool valid) => Assert.Equal(valid, Mst.TryParse(mst, out _));

    [Fact]
    public void Load_reads_back_certificates_with_their_keys()
    {
        using var loaded = DevPki.Load(Pki.Folder);

        Assert.Equal(Pki.RootCa.Thumbprint, loaded.RootCa.Thumbprint);
        Assert.True(loaded.IssuingCa.HasPrivateKey);
        Assert.True(loaded.ReceiptSigning.HasPrivateKey);
        Assert.Equal(Pki.Taxpayers.Select(t => t.Certificate.Thumbprint), loaded.Taxpayers.Select(t => t.Certificate.Thumbprint));
        Assert.All(loaded.Taxpayers, t => Assert.True(t.Certificate.HasPrivateKey));
        Assert.Equal(Pki.Manifest.Taxpayers, loaded.Manifest.Taxpayers);
    }

    [Fact]
    public void LoadOrCreate_reuses_an_existing_pki()
    {
        using var again = DevPki.LoadOrCreate(Pki.Folder);

        Assert.Equal(Pki.RootCa.Thumbprint, again.RootCa.Thumbprint);
    }

    [Fact]
    public void Ca_certificates_are_a_root_and_an_issuing_ca()
    {
        Assert.Equal(Pki.RootCa.Subject, Pki.RootCa.Issuer);
        Assert.True(Pki.RootCa.GetRSAPublicKey()!.KeySize >= 3072);
        Assert.True(Pki.RootCa.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(Pki.RootCa.Subject, Pki.IssuingCa.Issuer);
        Assert.True(Pki.IssuingCa.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
            Pki.IssuingCa.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Equal(File.ReadAllText(Pki.PathOf("root-ca.pem")), File.ReadAllText(Pki.PathOf("trusted-roots.pem")));
        Assert.Equal(File.ReadAllText(Pki.PathOf("issuing-ca.pem")), File.ReadAllText(Pki.PathOf("intermediates.pem")));
    }

    [Fact]
    public void Taxpayer_certificates_carry_the_mst_and_signing_key_usage()
    {
        foreach (var taxpayer in Pki.Taxpayers)
        {
            var certificate = taxpayer.Certificate;
            Assert.Equal(taxpayer.Mst, CertificateMst.Read(certificate));
            Assert.Contains("CN=" + taxpayer.Name, certificate.Subject);
            Assert.Contains("C=VN", certificate.Subject);
            Assert.Equal(
                X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
                certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
            Assert.Equal(2048, certificate.GetRSAPublicKey()!.KeySize);
            Assert.Equal(Pki.IssuingCa.Subject, certificate.Issuer);
        }

        Assert.True(Pki.FirstOf(DevCertificateKind.Expired).Certificate.NotAfter < DateTime.Now);
        Assert.True(Pki.FirstOf(DevCertificateKind.Valid).Certificate.NotAfter > DateTime.Now.AddYears(1));
        Assert.Contains("CN=EFiling Receipt Signing", Pki.ReceiptSigning.Subject);
    }

    [Fact]
    public void Pem_files_are_for_xmlsec1_and_match_the_pfx()
    {
        var taxpayer = fixture.Valid;

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(taxpayer.PrivateKeyPemPath));
        using var fromPem = X509Certificate2.CreateFromPemFile(taxpayer.CertificatePemPath, taxpayer.PrivateKeyPemPath);
        Assert.Equal(taxpayer.Certificate.Thumbprint, fromPem.Thumbprint);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(taxpayer.PrivateKeyPemPath));
        }
    }

    [Fact]
    public void Pfx_opens_with_the_manifest_password_only()
    {
        var entry = Pki.Manifest.Taxpayers[0];

        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Pki.PathOf(entry.File), entry.Password);
        Assert.True(certificate.HasPrivateKey);
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12FromFile(Pki.PathOf(entry.File), "wrong"));
    }

    [Fact]
    public void Crl_is_signed_by_the_issuing_ca_and_lists_only_the_revoked_certificate()
    {
        var crl = Assert.Single(RevocationList.LoadFile(Pki.PathOf(Pki.Manifest.Crl)));

        Assert.True(crl.IsSignedBy(Pki.IssuingCa));
        Assert.False(crl.IsSignedBy(Pki.RootCa));
        Assert.False(crl.IsSignedBy(fixture.Rogue.IssuingCa)); // same name, other key
        Assert.False(crl.IsDelta);
        Assert.Equal(1, crl.Count);
        Assert.Equal(Pki.Manifest.CrlNextUpdate, crl.NextUpdate);
        Assert.True(crl.TryGetRevocation(Pki.FirstOf(DevCertificateKind.Revoked).Certificate.SerialNumberBytes.Span, out _));
        Assert.False(crl.TryGetRevocation(fixture.Valid.Certificate.SerialNumberBytes.Span, out _));
    }

    [Fact]
    public void Root_publishes_a_crl_that_revokes_nobody_so_the_issuing_ca_can_be_checked()
    {
        Assert.Equal("crl/root-ca.crl", Pki.Manifest.RootCrl);
        var crl = Assert.Single(RevocationList.LoadFile(Pki.PathOf(Pki.Manifest.RootCrl!)));

        Assert.True(crl.IsSignedBy(Pki.RootCa));
        Assert.False(crl.IsSignedBy(Pki.IssuingCa));
        Assert.Equal(0, crl.Count);
        Assert.Equal(Pki.Manifest.CrlNextUpdate, crl.NextUpdate);
        Assert.Equal(2, RevocationList.LoadFolder(Pki.PathOf("crl")).Count);
    }

    [Fact]
    public void Crl_folder_accepts_pem_files()
    {
        var folder = fixture.ScratchFolder();
        var der = File.ReadAllBytes(Pki.PathOf("crl/issuing-ca.crl"));
        File.WriteAllText(Path.Combine(folder, "bundle.pem"), PemEncoding.WriteString("X509 CRL", der) + "\n" + PemEncoding.WriteString("X509 CRL", der));
        File.WriteAllText(Path.Combine(folder, "readme.txt"), "ignored");

        Assert.Equal(2, RevocationList.LoadFolder(folder).Count);
    }

    [Fact]
    public void Unreadable_crl_file_fails_loudly()
    {
        var folder = fixture.ScratchFolder();
        File.WriteAllBytes(Path.Combine(folder, "broken.crl"), [0x30, 0x03, 0x02, 0x01]);

        Assert.Throws<InvalidDataException>(() => RevocationList.LoadFolder(folder));
    }

    [Fact]
    public void Pem_bundle_loads_every_certificate()
    {
        var path = Path.Combine(fixture.ScratchFolder(), "bundle.pem");
        File.WriteAllText(path, Pki.RootCa.ExportCertificatePem() + "\n" + Pki.IssuingCa.ExportCertificatePem() + "\n");

        var bundle = SignatureVerifierOptions.LoadPemBundle(path);

        Assert.Equal([Pki.RootCa.Thumbprint, Pki.IssuingCa.Thumbprint], bundle.Select(c => c.Thumbprint));
        Assert.Throws<InvalidDataException>(() => SignatureVerifierOptions.LoadPemBundle(Pki.PathOf("taxpayers/0100109106.key.pem")));
    }

    [Theory]
    [InlineData("../etc/x")]
    [InlineData("010010910")]
    [InlineData("0100109106-1")]
    public void Taxpayer_mst_must_have_the_mst_shape(string mst)
    {
        var options = new DevPkiOptions { Taxpayers = [new DevTaxpayer(mst, "X")] };

        Assert.Throws<ArgumentException>(() => DevPki.Create(fixture.ScratchFolder(), options));
    }
}
