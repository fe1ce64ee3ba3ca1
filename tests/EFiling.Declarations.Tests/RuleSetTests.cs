using System.Xml;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Parsing;
using EFiling.Declarations.Rules;

namespace EFiling.Declarations.Tests;

public class RuleSetTests
{
    private static readonly FormCatalogue Catalogue = FormCatalogue.Load();
    private static readonly RuleBook Rules = new(Catalogue);

    private static IReadOnlyList<Finding> Evaluate(string formCode, string exampleFile, Func<string, string> edit)
    {
        var form = Catalogue.FormByCode(formCode)!;
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(edit(File.ReadAllText(Path.Combine(Catalogue.SchemasFolder, exampleFile))));
        var family = Catalogue.Family(form.Family);
        return Rules.For(form)!.Evaluate(LocalPath.Children(doc.DocumentElement!, family.SignedPart).Single());
    }

    [Fact]
    public void The_shipped_examples_break_no_reject_rule()
    {
        foreach (var (form, file) in new[]
                 {
                     ("01/GTGT", "tax/examples/01-GTGT.valid.xml"), ("03/TNDN", "tax/examples/03-TNDN.valid.xml"),
                     ("05/KK-TNCN", "tax/examples/05-KK-TNCN.valid.xml"), ("D02-LT", "social-insurance/examples/D02-LT.valid.xml"),
                 })
        {
            Assert.DoesNotContain(Evaluate(form, file, x => x), f => f.Severity == Severity.Reject);
        }
    }

    [Fact]
    public void Vat_arithmetic_is_checked_with_the_figures_named()
    {
        var findings = Evaluate("01/GTGT", "tax/examples/01-GTGT.valid.xml", x => x.Replace("<ct27>1110000000</ct27>", "<ct27>1110000001</ct27>"));
        var f = Assert.Single(findings, f => f.Code == "GTGT-027");
        Assert.Equal(Severity.Reject, f.Severity);
        Assert.Contains("ct27=1110000001", f.Message);
        Assert.NotNull(f.MessageVi);
    }

    [Fact]
    public void Appendix_totals_must_match_the_main_figures()
    {
        // One more đồng of VAT on an invoice at 10 %: the appendix no longer matches [33] nor its totals line.
        var findings = Evaluate("01/GTGT", "tax/examples/01-GTGT.valid.xml", x => x.Replace("<tienThue>30000000</tienThue>", "<tienThue>30000001</tienThue>"));
        Assert.Contains(findings, f => f.Code == "GTGT-PL-033");
        Assert.Contains(findings, f => f.Code == "GTGT-PL-TONG");
    }

    [Fact]
    public void A_refund_request_goes_to_review()
    {
        var findings = Evaluate("01/GTGT", "tax/examples/01-GTGT.valid.xml", x => x.Replace("<ct42>0</ct42>", "<ct42>1</ct42>"));
        Assert.Contains(findings, f => f.Code == "GTGT-HOAN-THUE" && f.Severity == Severity.Review);
    }

    [Fact]
    public void Social_insurance_numbers_must_be_well_formed_and_unique()
    {
        var findings = Evaluate("D02-LT", "social-insurance/examples/D02-LT.valid.xml", x => x
            .Replace("<maSoBHXH>0198765432</maSoBHXH>", "<maSoBHXH>7912345678</maSoBHXH>")
            .Replace("<maSoBHXH>0123456789</maSoBHXH>", "<maSoBHXH>012345678</maSoBHXH>"));
        var format = Assert.Single(findings, f => f.Code == "BHXH-SO-FORMAT");
        Assert.Contains("012345678", format.Message);
        Assert.Contains("NguoiLaoDong[1]", format.Path);
        var duplicate = Assert.Single(findings, f => f.Code == "BHXH-DUPLICATE");
        Assert.Contains("7912345678", duplicate.Message);
    }

    [Fact]
    public void Figures_near_long_max_value_end_in_an_overflow_finding_naming_the_rule()
    {
        // Each figure is a valid xs:long; only [29] + [30] + … overflows, which System.Data's checked arithmetic threw for.
        var findings = Evaluate("01/GTGT", "tax/examples/01-GTGT.valid.xml", x => x.Replace("<ct29>120000000</ct29>", "<ct29>9223372036854775807</ct29>"));
        var overflow = Assert.Single(findings, f => f.Code == RuleSet.ValueOverflow && f.Message.Contains("GTGT-027"));
        Assert.Equal(Severity.Reject, overflow.Severity);
        Assert.Contains("ct29=9223372036854775807", overflow.Message);
        Assert.NotNull(overflow.MessageVi);
        // The rule that could not be computed is not reported as broken as well, and the other rules still ran.
        Assert.DoesNotContain(findings, f => f.Code == "GTGT-027");
        Assert.DoesNotContain(findings, f => f.Code == "GTGT-034");
    }

    [Fact]
    public void An_overflow_inside_an_and_is_the_same_overflow_finding()
    {
        // Found by the fuzz test: [C7] + [C8] overflowing in the second half of an AND came out of System.Data as a
        // NullReferenceException, not an OverflowException.
        var findings = Evaluate("03/TNDN", "tax/examples/03-TNDN.valid.xml", x => x.Replace("<ctC8>0</ctC8>", "<ctC8>9223372036854775807</ctC8>"));
        Assert.Contains(findings, f => f.Code == RuleSet.ValueOverflow && f.Message.Contains("TNDN-C6"));
    }

    [Fact]
    public void A_rule_that_does_not_compile_stops_loading()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{ "form": "X", "values": { "a": "x/a" }, "rules": [ { "code": "X-1", "severity": "reject", "assert": "a = = 1", "message": { "vi": "v", "en": "e" } } ] }""");
        var error = Assert.Throws<InvalidDataException>(() => RuleSetLoader.Load(path));
        Assert.Contains("X-1", error.Message);
    }
}

public class RuleSetLimitTests
{
    [Fact]
    public void A_list_with_thousands_of_bad_rows_reports_a_bounded_number_of_located_findings()
    {
        var rows = string.Concat(Enumerable.Range(0, 3000).Select(i => $"<r><so>{i}</so></r>"));
        var doc = new XmlDocument();
        doc.LoadXml($"<d><list>{rows}</list></d>");
        var rule = new RuleDefinition
        {
            Code = "T-FORMAT", Severity = Severity.Reject, Message = new LocalizedText("sai {value}", "bad {value}"),
            Pattern = new PatternCheck("list/r/so", "^[0-9]{10}$"),
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var findings = new RuleSet("T", new Dictionary<string, ValueDefinition>(), [rule]).Evaluate(doc.DocumentElement!);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(RuleSet.MaxLocatedFindingsPerRule + 1, findings.Count);
        Assert.Equal("/d/list/r[1]/so", findings[0].Path);
        Assert.Contains("2950 more rows", findings[^1].Message);
    }

    [Fact]
    public void Filtered_sums_and_counts_read_the_rows_they_name()
    {
        var doc = new XmlDocument();
        doc.LoadXml("<d><pl><r><rate>10</rate><v>100</v></r><r><rate>5</rate><v>7</v></r><r><rate>10</rate><v>1</v></r></pl></d>");
        var values = new Dictionary<string, ValueDefinition>
        {
            ["v10"] = new("pl/r/v", ValueAggregate.Sum, new Dictionary<string, string> { ["rate"] = "10" }),
            ["n10"] = new("pl/r", ValueAggregate.Count, new Dictionary<string, string> { ["rate"] = "10" }),
            ["all"] = new("pl/r/v", ValueAggregate.Sum, new Dictionary<string, string>()),
        };
        RuleDefinition Assertion(string code, string expression) =>
            new() { Code = code, Severity = Severity.Reject, Message = new LocalizedText("x", "x"), Assert = expression };
        var findings = new RuleSet("T", values, [Assertion("OK-1", "v10 = 101 AND n10 = 2 AND all = 108"), Assertion("FAIL-1", "v10 = 100")]).Evaluate(doc.DocumentElement!);
        Assert.Equal("FAIL-1", Assert.Single(findings).Code);
    }

    [Fact]
    public void A_sum_that_overflows_a_long_is_refused_instead_of_wrapping()
    {
        // Four rows of 2^62 wrap an unchecked long back to 0, the declared total: the assertion passed.
        var doc = new XmlDocument();
        doc.LoadXml("<d><pl>" + string.Concat(Enumerable.Repeat("<r><v>4611686018427387904</v></r>", 4)) + "<tong>0</tong></pl></d>");
        var values = new Dictionary<string, ValueDefinition>
        {
            ["all"] = new("pl/r/v", ValueAggregate.Sum, new Dictionary<string, string>()),
            ["tong"] = new("pl/tong", ValueAggregate.Single, new Dictionary<string, string>()),
        };
        var rule = new RuleDefinition { Code = "T-TONG", Severity = Severity.Reject, Message = new LocalizedText("x", "x"), Assert = "all = tong" };
        var findings = new RuleSet("T", values, [rule]).Evaluate(doc.DocumentElement!);
        var overflow = Assert.Single(findings);
        Assert.Equal(RuleSet.ValueOverflow, overflow.Code);
        Assert.Equal(Severity.Reject, overflow.Severity);
        Assert.Contains("all", overflow.Message);
        Assert.Equal("/d/pl/r[2]/v", overflow.Path);
    }
}
