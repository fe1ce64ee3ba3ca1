using System.Net;
using System.Net.Sockets;
using System.Text;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Identifiers;
using EFiling.Declarations.Parsing;

namespace EFiling.Declarations.Tests;

public class ParserTests
{
    private static readonly FormCatalogue Catalogue = FormCatalogue.Load();
    private static readonly DeclarationParser Parser = new(Catalogue);

    private static string Example(string relative) => File.ReadAllText(Path.Combine(Catalogue.SchemasFolder, relative));

    private static ParsedDeclaration Parse(string xml) => Parser.Parse(Encoding.UTF8.GetBytes(xml));

    [Theory]
    [InlineData("tax/examples/01-GTGT.valid.xml", "01/GTGT", "0102345677", "3/2025", "10100", FilingKind.Original, 0)]
    [InlineData("tax/examples/01-GTGT.supplementary.valid.xml", "01/GTGT", null, null, null, FilingKind.Supplementary, 1)]
    [InlineData("tax/examples/03-TNDN.valid.xml", "03/TNDN", null, "2024", null, FilingKind.Original, 0)]
    [InlineData("tax/examples/05-KK-TNCN.valid.xml", "05/KK-TNCN", null, null, null, FilingKind.Original, 0)]
    [InlineData("social-insurance/examples/D02-LT.valid.xml", "D02-LT", "0108889994", "12/2025", "KV01", FilingKind.Original, 0)]
    [InlineData("social-insurance/examples/TK3-TS.valid.xml", "TK3-TS", null, "05/11/2025", null, FilingKind.Original, 0)]
    public void Shipped_examples_parse_into_a_typed_header(string file, string form, string? mst, string? period, string? office, FilingKind kind, int number)
    {
        var parsed = Parse(Example(file));
        Assert.True(parsed.Outcome == ParseOutcome.Parsed, string.Join("; ", parsed.Findings));
        var header = parsed.Header!;
        Assert.Equal(form, header.FormCode);
        if (mst is not null) Assert.Equal(mst, header.Mst.ToString());
        if (period is not null) Assert.Equal(period, header.Period.ToString());
        if (office is not null) Assert.Equal(office, header.Office);
        Assert.Equal(kind, header.FilingKind);
        Assert.Equal(number, header.AmendmentNumber);
        Assert.Equal("ID_1", header.SignedPartId);
        Assert.NotNull(parsed.SignatureBlock);
    }

    [Fact]
    public void Bom_crlf_empty_elements_and_the_agent_block_are_accepted()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Catalogue.SchemasFolder, "tax/examples/01-GTGT.bom-crlf-agent.valid.xml"));
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var parsed = Parser.Parse(bytes);
        Assert.True(parsed.Outcome == ParseOutcome.Parsed, string.Join("; ", parsed.Findings));
    }

    [Fact]
    public void Every_schema_error_is_reported_with_line_column_and_path()
    {
        var xml = Example("tax/examples/01-GTGT.valid.xml")
            .Replace("<ct21>0</ct21>", "<ct21>0</ct21><anHien>1</anHien>")
            // In another parent: after an unexpected child the validator skips the rest of that parent.
            .Replace("<ngayLapTKhai>2025-10-20</ngayLapTKhai>", "<ngayLapTKhai>2025-13-45</ngayLapTKhai>");
        var parsed = Parse(xml);
        Assert.Equal(ParseOutcome.Invalid, parsed.Outcome);
        var lines = xml.Split('\n');

        var unexpected = Assert.Single(parsed.Findings, f => f.Code == Codes.SchemaUnexpectedElement);
        Assert.Equal("/HSoThueDTu/HSoKhaiThue/CTieuTKhaiChinh/anHien", unexpected.Path);
        Assert.Contains("<anHien>", lines[unexpected.Line!.Value - 1]);

        var value = Assert.Single(parsed.Findings, f => f.Code == Codes.SchemaInvalidValue);
        Assert.Equal("/HSoThueDTu/HSoKhaiThue/TTinChung/TTinTKhaiThue/TKhaiThue/ngayLapTKhai", value.Path);
        Assert.Contains("<ngayLapTKhai>", lines[value.Line!.Value - 1]);
        Assert.True(value.Column > 0);
    }

    [Fact]
    public void Repeated_elements_are_told_apart_in_paths()
    {
        var xml = Example("tax/examples/01-GTGT.valid.xml").Replace("<soHDon>421</soHDon>", "<soHDon>421</soHDon><bi>1</bi>");
        var finding = Assert.Single(Parse(xml).Findings, f => f.Code == Codes.SchemaUnexpectedElement);
        Assert.Equal("/HSoThueDTu/HSoKhaiThue/PLuc/PL01_1_GTGT/HDonBRa[3]/bi", finding.Path);
    }

    [Fact]
    public void Header_checks_name_their_field()
    {
        var xml = Example("tax/examples/01-GTGT.valid.xml").Replace("<mst>0102345677</mst>", "<mst>0102345678</mst>").Replace("<soLan>0</soLan>", "<soLan>2</soLan>");
        var parsed = Parse(xml);
        Assert.Contains(parsed.Findings, f => f.Code == Codes.HeaderMstInvalid && f.Path!.EndsWith("NNT/mst"));
        Assert.Contains(parsed.Findings, f => f.Code == Codes.HeaderAmendmentNumber);
        Assert.Null(parsed.Header);
    }

    [Fact]
    public void Unknown_root_and_unknown_form_have_their_codes()
    {
        Assert.Equal(Codes.UnknownFamily, Assert.Single(Parse("<Invoice xmlns=\"urn:x\"/>").Findings).Code);
        var xml = Example("tax/examples/01-GTGT.valid.xml").Replace("<maTKhai>842</maTKhai>", "<maTKhai>999</maTKhai>");
        Assert.Equal(Codes.UnknownForm, Assert.Single(Parse(xml).Findings).Code);
    }

    [Fact]
    public void Size_is_checked_before_anything_is_read()
    {
        var parser = new DeclarationParser(Catalogue, new ParserLimits { MaxDocumentBytes = 1000 });
        var parsed = parser.Parse(Encoding.UTF8.GetBytes(Example("tax/examples/01-GTGT.valid.xml")));
        Assert.Equal(ParseOutcome.TooLarge, parsed.Outcome);
        Assert.Equal(Codes.DocumentTooLarge, Assert.Single(parsed.Findings).Code);
    }

    /// <summary>Small limits, so each case stays a few KB: the defaults are exercised by the sample bombs in the validator tests.</summary>
    private static readonly DeclarationParser Strict = new(Catalogue, new ParserLimits
    {
        MaxElements = 400, MaxAttributesPerElement = 5, MaxNameLength = 40, MaxTextLength = 300, MaxDepth = 12,
    });

    public static TheoryData<string, string, string, string> BeyondLimits => new()
    {
        // what, the text replaced, its replacement, the code
        { "attributes", "<HSoKhaiThue id=\"ID_1\">", "<HSoKhaiThue id=\"ID_1\" a=\"\" b=\"\" c=\"\" d=\"\" e=\"\">", Codes.DocumentTooManyAttributes },
        { "namespace declarations", "<HSoKhaiThue id=\"ID_1\">", "<HSoKhaiThue id=\"ID_1\" xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" xmlns:c=\"urn:c\" xmlns:d=\"urn:d\" xmlns:e=\"urn:e\">", Codes.DocumentTooManyAttributes },
        { "elements", "<nguoiKy>", string.Concat(Enumerable.Repeat("<x/>", 400)) + "<nguoiKy>", Codes.DocumentTooManyElements },
        { "element name", "<nguoiKy>", $"<{new string('x', 41)}/><nguoiKy>", Codes.DocumentNameTooLong },
        { "attribute name", "<nguoiKy>", $"<nguoiKy {new string('a', 41)}=\"\">", Codes.DocumentNameTooLong },
        { "text", "<nguoiKy>", "<nguoiKy>" + new string('A', 301), Codes.DocumentTextTooLong },
        // Split into text and CDATA, as the schema validator would join them again.
        { "text and CDATA", "<nguoiKy>", "<nguoiKy>" + new string('A', 150) + "<![CDATA[" + new string('B', 151) + "]]>", Codes.DocumentTextTooLong },
        { "comment", "<nguoiKy>", "<!--" + new string('c', 301) + "--><nguoiKy>", Codes.DocumentTextTooLong },
        { "attribute value", "<nguoiKy>", $"<nguoiKy v=\"{new string('v', 301)}\">", Codes.DocumentTextTooLong },
        { "depth", "<nguoiKy>", string.Concat(Enumerable.Repeat("<x>", 20)) + "<nguoiKy>", Codes.DocumentTooDeep },
    };

    [Theory]
    [MemberData(nameof(BeyondLimits))]
    public void A_document_beyond_a_limit_is_refused_with_its_code_before_any_DOM_is_built(string what, string replaced, string replacement, string code)
    {
        var xml = Example("tax/examples/01-GTGT.valid.xml");
        Assert.Equal(ParseOutcome.Parsed, Strict.Parse(Encoding.UTF8.GetBytes(xml)).Outcome);
        Assert.Contains(replaced, xml);
        var parsed = Strict.Parse(Encoding.UTF8.GetBytes(xml.Replace(replaced, replacement)));
        Assert.Equal(ParseOutcome.Malformed, parsed.Outcome);
        var finding = Assert.Single(parsed.Findings);
        Assert.True(finding.Code == code, $"{what}: {finding.Code} {finding.Message}");
        Assert.Equal(Severity.Reject, finding.Severity);
        Assert.True(finding.Line > 0, what);
        Assert.StartsWith("/HSoThueDTu/HSoKhaiThue", finding.Path);
        Assert.Null(parsed.Document);
    }

    [Fact]
    public void Attributes_are_counted_per_start_tag_whatever_the_encoding_and_only_in_tags()
    {
        var xml = Example("tax/examples/01-GTGT.valid.xml");
        // '=', quotes and '>' inside values, comments, CDATA and processing instructions are not attributes.
        var lookalikes = xml.Replace("<nguoiKy>", "<!-- a=\"\" b=\"\" c=\"\" d=\"\" e=\"\" f=\"\" --><?pi a=\"\" b=\"\" c=\"\" d=\"\" e=\"\" f=\"\"?><nguoiKy>")
            .Replace("<HSoKhaiThue id=\"ID_1\">", "<HSoKhaiThue id=\"ID_1\" xmlns:q=\"urn:a=b'c=d>e=f=g=h\">");
        Assert.DoesNotContain(Strict.Parse(Encoding.UTF8.GetBytes(lookalikes)).Findings, f => f.Code == Codes.DocumentTooManyAttributes);

        var crowded = xml.Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>")
            .Replace("<nguoiKy>", "<nguoiKy a='' b='' c='' d='' e='' f=''>");
        foreach (var encoding in new Encoding[] { Encoding.Unicode, Encoding.BigEndianUnicode })
        {
            var parsed = Strict.Parse(encoding.GetPreamble().Concat(encoding.GetBytes(crowded)).ToArray());
            var finding = Assert.Single(parsed.Findings);
            Assert.Equal(Codes.DocumentTooManyAttributes, finding.Code);
            Assert.Equal("/HSoThueDTu/HSoKhaiThue/TTinChung/TTinTKhaiThue/TKhaiThue/nguoiKy", finding.Path);
            Assert.Contains("<nguoiKy a=", crowded.Split('\n')[finding.Line!.Value - 1]);
        }
    }

    [Fact]
    public void The_limits_scan_leaves_malformed_documents_to_the_validating_pass()
    {
        // Schema errors before the point where the XML breaks are still reported, with the XML error.
        var xml = Example("tax/examples/01-GTGT.valid.xml").Replace("<ct21>0</ct21>", "<ct21>0</ct21><anHien>1</anHien>");
        var parsed = Strict.Parse(Encoding.UTF8.GetBytes(xml[..(xml.Length * 3 / 4)]));
        Assert.Equal(ParseOutcome.Malformed, parsed.Outcome);
        Assert.Contains(parsed.Findings, f => f.Code == Codes.SchemaUnexpectedElement);
        Assert.Contains(parsed.Findings, f => f.Code == Codes.Truncated);
    }

    [Theory]
    [InlineData("", Codes.DocumentEmpty)]
    [InlineData("{\"not\": \"xml\"}", Codes.Malformed)]
    [InlineData("<HSoThueDTu xmlns=\"http://kekhaithue.gdt.gov.vn/TKhaiThue\"><HSoKhaiThue id=\"ID_1\"><TTinChung>", Codes.Truncated)]
    public void Broken_documents_are_malformed(string text, string code)
    {
        var parsed = Parse(text);
        Assert.NotEqual(ParseOutcome.Parsed, parsed.Outcome);
        Assert.Equal(code, Assert.Single(parsed.Findings).Code);
    }

    [Fact]
    public void Xxe_and_entity_bombs_are_refused_and_nothing_is_fetched()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var body = Example("tax/examples/01-GTGT.valid.xml");
        var afterDeclaration = body.IndexOf("?>", StringComparison.Ordinal) + 2;
        string WithDtd(string dtd, string entity) => body[..afterDeclaration] + dtd + body[afterDeclaration..].Replace("<nguoiKy>", "<nguoiKy>" + entity);

        var documents = new[]
        {
            WithDtd($"<!DOCTYPE HSoThueDTu [<!ENTITY xxe SYSTEM \"http://127.0.0.1:{port}/secret\">]>", "&xxe;"),
            WithDtd("<!DOCTYPE HSoThueDTu [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>", "&xxe;"),
            WithDtd($"<!DOCTYPE HSoThueDTu SYSTEM \"http://127.0.0.1:{port}/dtd\">", ""),
            WithDtd("<!DOCTYPE HSoThueDTu [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>", "&c;"),
        };
        foreach (var doc in documents)
        {
            var parsed = Parse(doc);
            Assert.Equal(ParseOutcome.Malformed, parsed.Outcome);
            Assert.Equal(Codes.DtdProhibited, Assert.Single(parsed.Findings).Code);
        }
        Assert.False(listener.Pending(), "The parser opened a connection for an external entity.");
    }

    [Fact]
    public void Schema_location_hints_in_the_document_are_ignored()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var xml = Example("tax/examples/01-GTGT.valid.xml").Replace("<HSoThueDTu ",
            $"<HSoThueDTu xsi:schemaLocation=\"http://kekhaithue.gdt.gov.vn/TKhaiThue http://127.0.0.1:{port}/evil.xsd\" ");
        var parsed = Parse(xml);
        Assert.False(listener.Pending(), "The parser fetched a schema named by the document.");
        Assert.NotEqual(ParseOutcome.Malformed, parsed.Outcome);
    }

    [Fact]
    public void Every_catalogued_form_has_a_compiling_schema_and_rules()
    {
        var schemas = new SchemaCache(Catalogue);
        var rules = new Rules.RuleBook(Catalogue);
        foreach (var form in Catalogue.Forms)
        {
            Assert.True(schemas.For(form).IsCompiled, form.Code);
            Assert.NotNull(rules.For(form));
            Assert.NotEmpty(form.PeriodKinds);
            foreach (var kind in form.PeriodKinds) Assert.True(PeriodKindCodes.TryParse(kind, out _), $"{form.Code}: {kind}");
        }
    }
}
