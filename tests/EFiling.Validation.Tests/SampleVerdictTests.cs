using EFiling.Declarations.Findings;
using EFiling.Samples;

namespace EFiling.Validation.Tests;

/// <summary>Every generated sample gets the verdict it was made for: valid ones pass, each defect fails with its own code.</summary>
public class SampleVerdictTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    public static TheoryData<string> Forms => ["01/GTGT", "03/TNDN", "05/KK-TNCN", "TK3-TS", "D02-LT"];

    public static TheoryData<SampleDefect> Defects => [.. Enum.GetValues<SampleDefect>().Where(d => d != SampleDefect.None && d.AppliesToDeclarations())];

    [Theory]
    [MemberData(nameof(Forms))]
    public void Valid_samples_of_every_form_are_accepted(string form)
    {
        var generator = fixture.Generator();
        for (var i = 0; i < 3; i++)
        {
            var sample = generator.Generate(new SampleRequest { FormCode = form });
            var result = fixture.Validator.Validate(sample.Bytes, DateTimeOffset.UtcNow);
            Assert.True(result.IsValid, $"{sample.FileName}: {string.Join("; ", result.Findings.Select(f => $"{f.Code} {f.Message}"))}");
            Assert.Equal(form, result.Header!.FormCode);
            Assert.Equal(sample.Mst, result.Header.Mst);
            Assert.Equal(sample.Period, result.Header.Period);
            Assert.Equal(sample.Office, result.Header.Office);
            Assert.Equal(sample.Mst.ToString(), result.Signer!.Mst);
            Assert.DoesNotContain(result.Findings, f => f.Severity == Severity.Reject);
        }
    }

    [Fact]
    public void Bom_and_crlf_files_are_accepted_and_hashed_as_sent()
    {
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT", BomAndCrlf = true });
        Assert.Equal([0xEF, 0xBB, 0xBF], sample.Bytes[..3]);
        Assert.Contains("\r\n"u8.ToArray(), Chunks(sample.Bytes));
        var result = fixture.Validator.Validate(sample.Bytes, DateTimeOffset.UtcNow);
        Assert.True(result.IsValid, string.Join("; ", result.Findings));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sample.Bytes)), result.Sha256);
    }

    [Fact]
    public void A_refund_request_passes_every_reject_rule_and_carries_the_review_finding()
    {
        var generator = fixture.Generator();
        for (var i = 0; i < 5; i++)
        {
            var sample = generator.Generate(new SampleRequest { FormCode = "01/GTGT", RefundRequest = true });
            var result = fixture.Validator.Validate(sample.Bytes, DateTimeOffset.UtcNow);
            Assert.True(result.IsValid, string.Join("; ", result.Findings.Select(f => $"{f.Code} {f.Message}")));
            Assert.Contains(result.Findings, f => f.Code == "GTGT-HOAN-THUE" && f.Severity == Severity.Review);
        }
        // An ordinary return asks for nothing back.
        var plain = fixture.Validator.Validate(generator.Generate(new SampleRequest { FormCode = "01/GTGT" }).Bytes, DateTimeOffset.UtcNow);
        Assert.DoesNotContain(plain.Findings, f => f.Code == "GTGT-HOAN-THUE");
    }

    [Fact]
    public void A_2000_row_appendix_is_accepted()
    {
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT", AppendixRows = 2000 });
        Assert.InRange(sample.Bytes.Length, 300_000, 800_000);
        Assert.True(fixture.Validator.Validate(sample.Bytes, DateTimeOffset.UtcNow).IsValid);
    }

    [Theory]
    [MemberData(nameof(Defects))]
    public void Each_defect_is_refused_with_its_own_code(SampleDefect defect)
    {
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT", Defect = defect });
        var result = fixture.Validator.Validate(sample.Bytes, DateTimeOffset.UtcNow);
        Assert.False(result.IsValid);
        Assert.NotNull(sample.ExpectedCode);
        Assert.True(result.Findings.Any(f => f.Code == sample.ExpectedCode && f.Severity == Severity.Reject),
            $"{defect}: expected {sample.ExpectedCode}, got {string.Join("; ", result.Findings.Select(f => f.Code))}");
    }

    [Theory]
    [InlineData("01/GTGT")]
    [InlineData("03/TNDN")]
    [InlineData("05/KK-TNCN")]
    [InlineData("D02-LT")]
    // TK3-TS is a registration: it has no figures to add up.
    public void Breaking_the_arithmetic_of_any_form_names_the_broken_rule(string form)
    {
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = form, Defect = SampleDefect.Arithmetic });
        var result = fixture.Validator.Validate(sample.Bytes, DateTimeOffset.UtcNow);
        Assert.Contains(result.Findings, f => f.Code == sample.ExpectedCode);
        // The signature still holds: only the rule is broken.
        Assert.DoesNotContain(result.Findings, f => f.Code.StartsWith("SIG_", StringComparison.Ordinal) || f.Code.StartsWith("CERT_", StringComparison.Ordinal));
    }

    [Fact]
    public void Defects_that_break_the_document_are_refused_as_malformed_without_a_signature_check()
    {
        foreach (var defect in new[]
                 {
                     SampleDefect.NotXml, SampleDefect.Truncated, SampleDefect.Xxe, SampleDefect.EntityBomb, SampleDefect.TooDeep,
                     SampleDefect.ManyAttributes, SampleDefect.ManyElements, SampleDefect.LongName, SampleDefect.ManyNamespaces, SampleDefect.HugeText,
                 })
        {
            var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT", Defect = defect });
            var result = fixture.Validator.Validate(sample.Bytes, DateTimeOffset.UtcNow);
            Assert.Equal(ValidationOutcome.Malformed, result.Outcome);
            var finding = Assert.Single(result.Findings, f => f.Code == sample.ExpectedCode);
            Assert.NotNull(finding.Line);
            Assert.Null(result.Signer);
        }
    }

    [Fact]
    public void Wrapping_is_caught_although_the_hidden_original_still_verifies()
    {
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT", Defect = SampleDefect.Wrapped });
        var result = fixture.Validator.Validate(sample.Bytes, DateTimeOffset.UtcNow);
        Assert.Contains(result.Findings, f => f.Code == "SIG_REFERENCE_TARGET");
        // The forged taxpayer name is what a naive reader would have taken.
        Assert.EndsWith("(giả mạo)", result.Header!.TaxpayerName);
    }

    [Fact]
    public void A_certificate_is_judged_at_the_receipt_time()
    {
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "03/TNDN" });
        Assert.True(fixture.Validator.Validate(sample.Bytes, DateTimeOffset.UtcNow).IsValid);
        var result = fixture.Validator.Validate(sample.Bytes, DateTimeOffset.UtcNow.AddYears(5));
        Assert.Contains(result.Findings, f => f.Code == "CERT_EXPIRED");
    }

    private static IEnumerable<byte[]> Chunks(byte[] bytes) =>
        Enumerable.Range(0, bytes.Length - 1).Select(i => bytes[i..(i + 2)]).Where(c => c[0] == '\r').Take(1);
}

public class SampleUniquenessTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    [Theory]
    [InlineData("03/TNDN", 12)]
    [InlineData("TK3-TS", 12)]
    [InlineData("01/GTGT", 50)]
    public void A_generator_does_not_repeat_a_declaration(string form, int count)
    {
        var generator = fixture.Generator(seed: 3);
        var hashes = Enumerable.Range(0, count)
            .Select(_ => generator.Generate(new SampleRequest { FormCode = form }))
            .Select(s => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(s.Bytes)))
            .ToList();
        Assert.Equal(count, hashes.Distinct().Count());
    }
}
