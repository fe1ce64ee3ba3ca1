using System.Text;
using EFiling.Declarations.Findings;
using EFiling.Samples;
using EFiling.Signing;

namespace EFiling.Validation.Tests;

/// <summary>
/// Cheap checks always report; the expensive ones (chain, revocation, the signature value over the whole document) run
/// only while the filing can still be accepted (issue 11). Each case is built so that the skipped check would have
/// found something, so a skip that did not happen shows.
/// </summary>
public class CheckOrderTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private DeclarationValidator Validator(bool trusted = true, bool crls = true) => DeclarationValidator.Create(new ValidatorOptions
    {
        TrustedRoots = trusted ? fixture.Pki.PathOf(fixture.Pki.Manifest.TrustedRoots) : null,
        Intermediates = fixture.Pki.PathOf(fixture.Pki.Manifest.Intermediates),
        CrlFolder = crls ? Path.GetDirectoryName(fixture.Pki.PathOf(fixture.Pki.Manifest.Crl)) : null,
    });

    [Fact]
    public void A_schema_invalid_declaration_gets_its_cheap_signature_findings_and_no_chain_or_signature_value_check()
    {
        // Signed by someone else's certificate (cheap: read from the certificate), then an element added after signing,
        // which breaks the schema and the digest alike.
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT", Defect = SampleDefect.MstMismatch });
        var bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(sample.Bytes).Replace("<ct21>", "<anHien>1</anHien><ct21>"));
        // Untrusted as well: the chain check would say so if it ran.
        var result = Validator(trusted: false).Validate(bytes, DateTimeOffset.UtcNow);

        var codes = result.Findings.Select(f => f.Code).ToList();
        Assert.Contains(Codes.SchemaUnexpectedElement, codes);
        Assert.Contains(SignatureCodes.CertMstMismatch, codes);
        Assert.DoesNotContain(SignatureCodes.Invalid, codes);
        Assert.DoesNotContain(SignatureCodes.CertUntrustedRoot, codes);
        var skipped = Assert.Single(result.Findings, f => f.Code == SignatureCodes.NotChecked);
        Assert.Equal(Severity.Warn, skipped.Severity);
        Assert.Equal(ValidationOutcome.Invalid, result.Outcome);
    }

    [Fact]
    public void An_untrusted_certificate_is_refused_without_checking_the_signature_value()
    {
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT", Defect = SampleDefect.Tampered });
        var result = Validator(trusted: false).Validate(sample.Bytes, DateTimeOffset.UtcNow);

        var codes = result.Findings.Select(f => f.Code).ToList();
        Assert.Contains(SignatureCodes.CertUntrustedRoot, codes);
        Assert.Contains(SignatureCodes.NotChecked, codes);
        Assert.DoesNotContain(SignatureCodes.Invalid, codes);
        // With trust the same bytes are caught by the signature value.
        Assert.Contains(Validator().Validate(sample.Bytes, DateTimeOffset.UtcNow).Findings, f => f.Code == SignatureCodes.Invalid);
    }

    [Fact]
    public void Revocation_is_asked_last_only_for_a_signature_that_holds()
    {
        // No CRL: revocation is unknown, which the library refuses by default — for a sound signature.
        var noCrls = Validator(crls: false);
        var good = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT" });
        Assert.Contains(noCrls.Validate(good.Bytes, DateTimeOffset.UtcNow).Findings, f => f.Code == SignatureCodes.CertRevocationUnknown);

        // A forged one is refused for its signature value, and nobody is asked about its certificate.
        var tampered = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT", Defect = SampleDefect.Tampered });
        var codes = noCrls.Validate(tampered.Bytes, DateTimeOffset.UtcNow).Findings.Select(f => f.Code).ToList();
        Assert.Contains(SignatureCodes.Invalid, codes);
        Assert.DoesNotContain(SignatureCodes.CertRevocationUnknown, codes);
    }

    [Fact]
    public void A_10000_row_appendix_stays_within_the_limits_and_is_accepted()
    {
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT", AppendixRows = 10_000 });
        Assert.InRange(sample.Bytes.Length, 3_000_000, 5_000_000);
        var result = fixture.Validator.Validate(sample.Bytes, DateTimeOffset.UtcNow);
        Assert.True(result.IsValid, string.Join("; ", result.Findings.Select(f => $"{f.Code} {f.Message}")));
    }
}
