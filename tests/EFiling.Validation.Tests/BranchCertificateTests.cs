using System.Xml;
using EFiling.Declarations.Findings;
using EFiling.Samples;
using EFiling.Signing;

namespace EFiling.Validation.Tests;

/// <summary>A branch (MST-NNN) filing signed with its parent company's certificate: refused unless the office allows it.</summary>
public class BranchCertificateTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private const string TaxNs = "http://kekhaithue.gdt.gov.vn/TKhaiThue";

    [Fact]
    public void By_default_a_branch_filing_signed_with_the_parent_certificate_is_refused_with_its_own_code()
    {
        var validator = Validator(new ValidatorOptions());

        var result = validator.Validate(BranchFilingSignedByParent(), DateTimeOffset.UtcNow);

        Assert.False(result.IsValid);
        var refusal = Assert.Single(result.Findings, f => f.Severity == Severity.Reject);
        Assert.Equal(SignatureCodes.CertMstBranchOnParent, refusal.Code);
    }

    [Fact]
    public void An_office_that_allows_it_accepts_the_branch_filing()
    {
        var validator = Validator(new ValidatorOptions { AllowBranchOnParentCertificate = true });

        var result = validator.Validate(BranchFilingSignedByParent(), DateTimeOffset.UtcNow);

        Assert.True(result.IsValid, string.Join("; ", result.Findings.Select(f => $"{f.Code} {f.Message}")));
        Assert.EndsWith("-001", result.Header!.Mst.ToString());
    }

    private DeclarationValidator Validator(ValidatorOptions policy) => DeclarationValidator.Create(policy with
    {
        TrustedRoots = fixture.Pki.PathOf(fixture.Pki.Manifest.TrustedRoots),
        Intermediates = fixture.Pki.PathOf(fixture.Pki.Manifest.Intermediates),
        CrlFolder = Path.GetDirectoryName(fixture.Pki.PathOf(fixture.Pki.Manifest.Crl)),
    });

    /// <summary>A valid 01/GTGT made for branch 001 of its taxpayer, then signed again (as the branch's accountant
    /// would, with the company's token) so the signature covers the branch MST.</summary>
    private byte[] BranchFilingSignedByParent()
    {
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT" });
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        doc.Load(new MemoryStream(sample.Bytes));
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("t", TaxNs);
        doc.SelectSingleNode("/t:HSoThueDTu/t:HSoKhaiThue/t:TTinChung/t:TTinTKhaiThue/t:NNT/t:mst", ns)!.InnerText = sample.Mst.WithBranch(1).ToString();
        var signedPart = (XmlElement)doc.SelectSingleNode("/t:HSoThueDTu/t:HSoKhaiThue", ns)!;
        var block = (XmlElement)doc.SelectSingleNode("/t:HSoThueDTu/t:CKyDTu", ns)!;
        new XmlSigner(fixture.Pki.Taxpayer(sample.Mst.ToString()).Certificate).Sign(doc, signedPart, block);
        using var stream = new MemoryStream();
        doc.Save(stream);
        return stream.ToArray();
    }
}
