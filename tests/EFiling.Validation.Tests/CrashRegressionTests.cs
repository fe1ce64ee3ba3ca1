using System.Text;
using System.Text.RegularExpressions;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Rules;
using EFiling.Samples;
using EFiling.Signing;

namespace EFiling.Validation.Tests;

/// <summary>
/// Inputs that threw out of the validator instead of getting a verdict (issue 11), and the ones the fuzz test
/// (<see cref="VerdictFuzzTests"/>) found since: each must end in a verdict whose findings carry codes.
/// </summary>
public class CrashRegressionTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    [Fact]
    public void Figures_near_long_max_are_refused_with_findings_before_and_beside_the_signature_check()
    {
        // Schema-valid xs:long figures whose sum System.Data computes with checked arithmetic: OverflowException came
        // out of the rules, which run before the signature is looked at (so no valid signature was needed).
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT" });
        var bytes = Edit(sample.Bytes, text => Regex.Replace(text, "<ct29>[0-9]*</ct29>", "<ct29>9223372036854775807</ct29>"));

        var result = fixture.Validator.Validate(bytes, DateTimeOffset.UtcNow);

        Assert.Equal(ValidationOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Findings, f => f.Code == RuleSet.ValueOverflow && f.Severity == Severity.Reject && f.Message.Contains("GTGT-027"));
        Assert.Contains(result.Findings, f => f.Code == SignatureCodes.Invalid); // the edit broke the signature, which is still checked
    }

    [Fact]
    public void An_overflow_inside_an_and_is_a_finding_too()
    {
        // Found by the fuzz test (03/TNDN, [C8] = long.MaxValue): System.Data threw NullReferenceException for
        // "ctC6 = ctC4 - ctC5 AND ctC6 = ctC7 + ctC8".
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "03/TNDN" });
        var bytes = Edit(sample.Bytes, text => Regex.Replace(text, "<ctC8>[0-9]*</ctC8>", "<ctC8>9223372036854775807</ctC8>"));

        var result = fixture.Validator.Validate(bytes, DateTimeOffset.UtcNow);

        Assert.Contains(result.Findings, f => f.Code == RuleSet.ValueOverflow && f.Message.Contains("TNDN-C6"));
    }

    [Fact]
    public void Appendix_rows_whose_sum_wraps_a_long_are_refused_at_the_row()
    {
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "01/GTGT", AppendixRows = 4 });
        var bytes = Edit(sample.Bytes, text => Regex.Replace(text, "<giaTri>[0-9]*</giaTri>", "<giaTri>4611686018427387904</giaTri>"));

        var result = fixture.Validator.Validate(bytes, DateTimeOffset.UtcNow);

        Assert.Equal(ValidationOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Findings, f => f.Code == RuleSet.ValueOverflow && f.Path is { } path && path.EndsWith("HDonBRa[2]/giaTri", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SignatureValue")]
    [InlineData("DigestValue")]
    public void A_signature_value_that_is_not_base64_is_sig_malformed(string element)
    {
        var sample = fixture.Generator().Generate(new SampleRequest { FormCode = "03/TNDN" });
        var bytes = Edit(sample.Bytes, text => Regex.Replace(text, $"(<(?:ds:)?{element}>)[^<]*", "$1not*base64!"));

        var result = fixture.Validator.Validate(bytes, DateTimeOffset.UtcNow);

        Assert.Equal(ValidationOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Findings, f => f.Code == SignatureCodes.Malformed && f.Message.Contains(element));
    }

    private static byte[] Edit(byte[] bytes, Func<string, string> edit)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var edited = edit(text);
        Assert.NotEqual(text, edited); // the edit found what it changes
        return Encoding.UTF8.GetBytes(edited);
    }
}
