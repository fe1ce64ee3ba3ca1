using System.Security.Cryptography.X509Certificates;
using System.Xml;
using EFiling.Declarations.Findings;
using EFiling.Samples;
using EFiling.Signing;

namespace EFiling.Validation.Tests;

/// <summary>
/// The validator's part of the signing profile: the tax agent named in <c>DLyThue/mstDLyThue</c> is entitled to
/// sign next to (or instead of) the taxpayer, and nobody else is; the SHA-1 cut-off and RSA key minimum are
/// settings. Our own 01/GTGT samples, re-signed with the dev PKI.
/// </summary>
public class AgentAndSignaturePolicyTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private const string TaxNs = "http://kekhaithue.gdt.gov.vn/TKhaiThue";

    [Fact]
    public void Taxpayer_and_the_named_agent_both_signing_is_accepted_and_both_are_reported()
    {
        var (doc, taxpayer, agent) = Declaration(withAgent: true);
        var bytes = Sign(doc, Cert(taxpayer), Cert(agent));

        var result = Validator().Validate(bytes, DateTimeOffset.UtcNow);

        Assert.True(result.IsValid, Describe(result));
        Assert.Equal([taxpayer, agent], result.Signers.Select(s => s.Mst));
        Assert.Equal(taxpayer, result.Signer!.Mst);
    }

    [Fact]
    public void The_named_agent_signing_alone_is_accepted()
    {
        var (doc, _, agent) = Declaration(withAgent: true);

        var result = Validator().Validate(Sign(doc, Cert(agent)), DateTimeOffset.UtcNow);

        Assert.True(result.IsValid, Describe(result));
        Assert.Equal(agent, result.Signer!.Mst);
    }

    [Fact]
    public void Attack_agent_signature_without_the_agent_named_in_the_declaration_is_refused()
    {
        var (doc, taxpayer, agent) = Declaration(withAgent: false);

        var result = Validator().Validate(Sign(doc, Cert(taxpayer), Cert(agent)), DateTimeOffset.UtcNow);

        Assert.False(result.IsValid);
        Assert.Equal(SignatureCodes.CertMstMismatch, Assert.Single(result.Findings, f => f.Severity == Severity.Reject).Code);
    }

    [Fact]
    public void Attack_signer_other_than_the_named_agent_is_refused()
    {
        var (doc, taxpayer, agent) = Declaration(withAgent: true);
        var stranger = fixture.Pki.Manifest.Taxpayers.First(t => t.Kind == DevCertificateKind.Valid && t.Mst != taxpayer && t.Mst != agent && !t.Mst.Contains('-')).Mst;

        var result = Validator().Validate(Sign(doc, Cert(taxpayer), Cert(stranger)), DateTimeOffset.UtcNow);

        Assert.False(result.IsValid);
        var refusal = Assert.Single(result.Findings, f => f.Severity == Severity.Reject);
        Assert.Equal(SignatureCodes.CertMstMismatch, refusal.Code);
        Assert.Contains(stranger, refusal.Message);
    }

    [Fact]
    public void Sha1_is_refused_after_the_default_cut_off_and_accepted_with_a_warning_before_a_later_one()
    {
        var (doc, taxpayer, _) = Declaration(withAgent: false);
        var bytes = Sign(doc, new XmlSignerOptions { Hash = SignatureHash.Sha1 }, Cert(taxpayer));

        var byDefault = Validator().Validate(bytes, DateTimeOffset.UtcNow);
        Assert.False(byDefault.IsValid);
        Assert.All(byDefault.Findings.Where(f => f.Severity == Severity.Reject), f =>
        {
            Assert.Equal(SignatureCodes.AlgorithmNotAllowed, f.Code);
            Assert.Contains("2022-01-01", f.Message);
        });

        var later = Validator(new ValidatorOptions { Sha1AcceptedUntil = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(2)) }).Validate(bytes, DateTimeOffset.UtcNow);
        Assert.True(later.IsValid, Describe(later));
        Assert.Contains(later.Findings, f => f.Code == SignatureCodes.Sha1Used && f.Severity == Severity.Warn);
    }

    [Fact]
    public void Min_rsa_key_bits_reaches_the_verifier_and_nonsense_is_a_configuration_error()
    {
        var (doc, taxpayer, _) = Declaration(withAgent: false);
        var bytes = Sign(doc, Cert(taxpayer)); // dev PKI taxpayer keys are 2048-bit

        Assert.True(Validator(new ValidatorOptions { MinRsaKeyBits = 2048 }).Validate(bytes, DateTimeOffset.UtcNow).IsValid);
        var tooStrict = Validator(new ValidatorOptions { MinRsaKeyBits = 3072 }).Validate(bytes, DateTimeOffset.UtcNow);
        Assert.Contains(tooStrict.Findings, f => f.Code == SignatureCodes.CertKeyTooSmall && f.Severity == Severity.Reject);

        var e = Assert.Throws<ValidatorConfigurationException>(() => Validator(new ValidatorOptions { MinRsaKeyBits = 20 }));
        Assert.Equal(nameof(ValidatorOptions.MinRsaKeyBits), e.Setting);
    }

    private DeclarationValidator Validator(ValidatorOptions? policy = null) => DeclarationValidator.Create((policy ?? new ValidatorOptions()) with
    {
        TrustedRoots = fixture.Pki.PathOf(fixture.Pki.Manifest.TrustedRoots),
        Intermediates = fixture.Pki.PathOf(fixture.Pki.Manifest.Intermediates),
        CrlFolder = Path.GetDirectoryName(fixture.Pki.PathOf(fixture.Pki.Manifest.Crl)),
    });

    private X509Certificate2 Cert(string mst) => fixture.Pki.Taxpayer(mst).Certificate;

    /// <summary>A valid 01/GTGT sample and, from the dev PKI, another company acting as its tax agent (named in
    /// DLyThue when <paramref name="withAgent"/>).</summary>
    private (XmlDocument Document, string Taxpayer, string Agent) Declaration(bool withAgent)
    {
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT" });
        var taxpayer = sample.Mst.ToString();
        var agent = fixture.Pki.Manifest.Taxpayers.First(t => t.Kind == DevCertificateKind.Valid && t.Mst != taxpayer && !t.Mst.Contains('-')).Mst;
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        doc.Load(new MemoryStream(sample.Bytes));
        if (withAgent)
        {
            var nnt = (XmlElement)doc.GetElementsByTagName("NNT", TaxNs)[0]!;
            var dly = doc.CreateElement("DLyThue", TaxNs);
            dly.AppendChild(doc.CreateElement("mstDLyThue", TaxNs))!.InnerText = agent;
            dly.AppendChild(doc.CreateElement("tenDLyThue", TaxNs))!.InnerText = "Công ty TNHH Đại lý Thuế Minh An";
            nnt.ParentNode!.InsertAfter(dly, nnt);
        }

        return (doc, taxpayer, agent);
    }

    private static byte[] Sign(XmlDocument doc, params X509Certificate2[] signers) => Sign(doc, new XmlSignerOptions(), signers);

    /// <summary>Each signer signs the declaration in turn; every signature ends up in CKyDTu, in signing order.</summary>
    private static byte[] Sign(XmlDocument doc, XmlSignerOptions options, params X509Certificate2[] signers)
    {
        var signedPart = (XmlElement)doc.GetElementsByTagName("HSoKhaiThue", TaxNs)[0]!;
        var block = (XmlElement)doc.GetElementsByTagName("CKyDTu", TaxNs)[0]!;
        var signatures = new List<XmlNode>();
        foreach (var signer in signers)
        {
            // XmlSigner replaces the block's signature, so each is kept aside and all are put back at the end.
            signatures.Add(new XmlSigner(signer, options).Sign(doc, signedPart, block).CloneNode(deep: true));
        }

        foreach (var old in block.ChildNodes.OfType<XmlElement>().ToList()) block.RemoveChild(old);
        foreach (var signature in signatures) block.AppendChild(signature);
        using var stream = new MemoryStream();
        doc.Save(stream);
        return stream.ToArray();
    }

    private static string Describe(ValidationResult result) => string.Join("; ", result.Findings.Select(f => $"{f.Code} {f.Message}"));
}
