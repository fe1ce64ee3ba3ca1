using System.Text;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Parsing;
using EFiling.Tests.Shared;
using static EFiling.Tests.Shared.MiniPack;

namespace EFiling.Declarations.Tests;

/// <summary>
/// Schema packs as the tax authority ships them, made here in miniature with the same quirks: a base TKhaiThue.xsd
/// that imports xmldsig-core-schema.xsd, form schemas under Validate/ that redefine it through <c>..\</c>, names with a
/// trailing space, two versions of a form, a newer pack without a menu or the xmldsig schema, a form code only the
/// viewer's DMucTKhai.xml links to the menu.
/// </summary>
public sealed class SchemaPackTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("efiling-packs-").FullName;
    private readonly string _old;
    private readonly string _new;
    private readonly string _viewer;

    public SchemaPackTests()
    {
        _old = Path.Combine(_root, "htkk_old");
        _new = Path.Combine(_root, "htkk_new");
        _viewer = Path.Combine(_root, "viewer");
        Write(_old, "TKhaiThue.xsd", BaseSchema);
        Write(_old, "xmldsig-core-schema.xsd", DsigStub);
        Write(_old, "Project_Menu.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Root>
              <Menu ID="D1" Caption="Tờ khai thuế GTGT (01/GTGT)(TT80/2021)" TenToKhai="TỜ KHAI THUẾ GIÁ TRỊ GIA TĂNG (Mẫu số 01/GTGT)" MaToKhai="842" XsdSchema="01_GTGT_TT80">
                <Validity><Sheet ID="01" XMLnode="HSoThueDTu/HSoKhaiThue/CTieuTKhaiChinh"/><Sheet ID="PL" XMLnode="HSoThueDTu/HSoKhaiThue/PLuc/PL_NQ142_GTGT"/></Validity>
              </Menu>
              <Menu ID="68" Caption="Báo cáo tình hình sử dụng hóa đơn (BC26/AC)" TenToKhai="Báo cáo tình hình sử dụng hóa đơn (BC26/AC)" MaToKhai="131" XsdSchema="BC26_AC"/>
            </Root>
            """);
        // Windows path, and a trailing space in the file name, as shipped.
        Write(_old, "Validate/01_GTGT_TT80_268.xsd ", FormSchema("..\\TKhaiThue.xsd", "ct01"));
        Write(_old, "Validate/BC26_AC_208.xsd", FormSchema("../TKhaiThue.xsd", "soLuong"));
        // The supplementary variant of 2.6.8: the same figures plus the explanation (here: ct99).
        Write(_old, "Validate/KHBS_01_GTGT_TT80_268.xsd", FormSchema("../TKhaiThue.xsd", "ct01", "ct99"));
        // The newer pack: no menu, no xmldsig schema; its TKhaiThue.xsd imports one all the same.
        Write(_new, "TKhaiThue.xsd", BaseSchema);
        Write(_new, "Validate/01_GTGT_TT80_274.xsd", FormSchema("../TKhaiThue.xsd", "ct01", "ct02"));
        // A schema kept in a side folder, whose ../TKhaiThue.xsd is not beside it: found at its pack's root.
        Write(_new, "extra/xsd/01_GTGT_TT80_283.xsd", FormSchema("../TKhaiThue.xsd", "ct01", "ct02", "ct03"));
        Write(_viewer, "DMucTKhai.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <DMucTKhai xmlns="http://kekhaithue.gdt.gov.vn/TaxViewer/Schema/DMucTKhai">
              <TKhai pbanTKhai="2.0.8" maTKhai="131" loaiTKhai="C"><XMLSchema>data\XMLSchema\TKhaiThue\BCHD\TKhai_BCHD_BC26.xsd</XMLSchema></TKhai>
              <TKhai pbanTKhai="2.0.8" maTKhai="102" loaiTKhai="C"><XMLSchema>data\XMLSchema\TKhaiThue\BCHD\TKhai_BCHD_BC26.xsd</XMLSchema></TKhai>
              <TKhai pbanTKhai="2.0.8" maTKhai="555" loaiTKhai="C"><XMLSchema>data\XMLSchema\Other.xsd</XMLSchema></TKhai>
            </DMucTKhai>
            """);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private FormCatalogue Load() => FormCatalogue.Load(schemaPacks: [_new, _old, _viewer]);

    [Fact]
    public void Every_form_and_version_of_the_packs_joins_the_catalogue_newest_pack_first()
    {
        var packs = Load().Packs;

        Assert.Equal(["2.6.8", "2.7.4", "2.8.3"], packs.VersionsOf("842"));
        Assert.Equal("htkk_new", packs.Find("842", "2.7.4")!.Pack);
        Assert.Equal("htkk_old", packs.Find("842", "2.6.8")!.Pack);
        Assert.EndsWith("01_GTGT_TT80_283.xsd", packs.Find("842", "2.8.3")!.Path);
        Assert.Null(packs.Find("842", "2.9.9"));
        Assert.Contains("PL_NQ142_GTGT", packs.FormsOf("842").Single().Annexes);
    }

    [Fact]
    public void A_code_the_menu_lacks_is_linked_through_the_viewer_catalogue_to_its_twin()
    {
        var catalogue = Load();

        Assert.Equal(["2.0.8"], catalogue.Packs.VersionsOf("102"));
        Assert.Equal("131", catalogue.Packs.Aliases["102"]);
        // Same code twice: the second one is told apart by its maTKhai.
        Assert.Equal(["BC26/AC", "BC26/AC (131)"], new[] { catalogue.FormById("tax", "102")!.Code, catalogue.FormById("tax", "131")!.Code }.Order());
        // A viewer entry whose schema no menu row shares stays unknown.
        Assert.Null(catalogue.FormById("tax", "555"));
    }

    [Theory]
    [InlineData("2.6.8", "<ct01>1</ct01>")] // old pack, ..\ import, trailing-space file name
    [InlineData("2.7.4", "<ct01>1</ct01><ct02>2</ct02>")] // new pack, xmldsig taken from the old pack
    [InlineData("2.8.3", "<ct01>1</ct01><ct02>2</ct02><ct03>3</ct03>")] // side folder, base found at the pack root
    public void A_document_is_checked_against_the_official_schema_of_its_version(string version, string figures)
    {
        var parsed = new DeclarationParser(Load()).Parse(Document("842", version, figures));

        Assert.True(parsed.Outcome == ParseOutcome.Parsed, string.Join("; ", parsed.Findings));
        Assert.Equal(version, parsed.Schema!.Version);
        Assert.Equal("01/GTGT", parsed.Header!.FormCode);
    }

    [Fact]
    public void The_official_schema_of_the_version_is_enforced()
    {
        // 2.6.8 has only ct01: ct02 is an error there, though 2.7.4 allows it.
        var parsed = new DeclarationParser(Load()).Parse(Document("842", "2.6.8", "<ct01>1</ct01><ct02>2</ct02>"));

        Assert.Equal(ParseOutcome.Invalid, parsed.Outcome);
        Assert.Contains(parsed.Findings, f => f.Code == Codes.SchemaUnexpectedElement && f.Path!.EndsWith("/ct02", StringComparison.Ordinal));
    }

    [Fact]
    public void A_supplementary_declaration_gets_the_KHBS_schema_of_its_version()
    {
        var parser = new DeclarationParser(Load());
        var supplementary = Encoding.UTF8.GetString(Document("842", "2.6.8", "<ct01>1</ct01><ct99>2</ct99>"))
            .Replace("<loaiTKhai>C</loaiTKhai>", "<loaiTKhai>B</loaiTKhai>", StringComparison.Ordinal)
            .Replace("<soLan>0</soLan>", "<soLan>1</soLan>", StringComparison.Ordinal);

        var parsed = parser.Parse(Encoding.UTF8.GetBytes(supplementary));

        Assert.True(parsed.Outcome == ParseOutcome.Parsed, string.Join("; ", parsed.Findings));
        Assert.EndsWith("KHBS_01_GTGT_TT80_268.xsd", parsed.Schema!.Path);
        // An original of the same version is checked against the main schema, where ct99 does not exist.
        Assert.Contains(parser.Parse(Document("842", "2.6.8", "<ct01>1</ct01><ct99>2</ct99>")).Findings, f => f.Code == Codes.SchemaUnexpectedElement);
    }

    [Fact]
    public void A_known_form_in_a_version_no_pack_has_lists_the_versions_known()
    {
        var parsed = new DeclarationParser(Load()).Parse(Document("842", "2.9.9", "<ct01>1</ct01>"));

        var finding = Assert.Single(parsed.Findings);
        Assert.Equal(Codes.UnknownFormVersion, finding.Code);
        Assert.Contains("2.6.8, 2.7.4, 2.8.3", finding.Message);
        Assert.EndsWith("/pbanTKhaiXML", finding.Path);
    }

    [Fact]
    public void An_unknown_form_says_which_forms_are_known()
    {
        var parsed = new DeclarationParser(Load()).Parse(Document("999", "2.0.0", ""));

        var finding = Assert.Single(parsed.Findings);
        Assert.Equal(Codes.UnknownForm, finding.Code);
        Assert.Contains("842 01/GTGT", finding.Message);
        Assert.Contains("102 BC26/AC", finding.Message);
    }

    [Fact]
    public void Without_packs_the_own_schema_is_used_and_with_them_the_official_one()
    {
        Assert.IsType<FormResolution.Found>(FormCatalogue.Load().Resolve("tax", "842", "2.9.9"));
        Assert.Null(((FormResolution.Found)FormCatalogue.Load().Resolve("tax", "842", "2.7.4")).Schema.Pack);
        Assert.IsType<FormResolution.UnknownVersion>(Load().Resolve("tax", "842", "2.9.9"));
        Assert.Equal("htkk_new", ((FormResolution.Found)Load().Resolve("tax", "842", "2.7.4")).Schema.Pack);
    }

    [Theory]
    [InlineData("../../outside.xsd")]
    [InlineData("http://127.0.0.1:9/TKhaiThue.xsd")]
    public void A_pack_schema_cannot_reach_outside_the_packs(string location)
    {
        File.WriteAllText(Path.Combine(_root, "outside.xsd"), BaseSchema);
        Write(_new, "Validate/01_GTGT_TT80_290.xsd", FormSchema(location, "ct01"));
        var catalogue = Load();
        var schema = ((FormResolution.Found)catalogue.Resolve("tax", "842", "2.9.0")).Schema;

        var error = Assert.Throws<InvalidDataException>(() => new SchemaCache(catalogue).For(schema));
        Assert.True(error.Message.Contains("refused", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void A_menu_that_is_not_XML_is_a_problem_reported_not_a_crash()
    {
        var broken = Path.Combine(_root, "broken");
        Write(broken, "Project_Menu.xml", "<Root><Menu MaToKhai=\"842\"");
        Write(broken, "DMucTKhai.xml", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>");

        var packs = FormCatalogue.Load(schemaPacks: [broken]).Packs;

        Assert.Equal(2, packs.Problems.Count);
        Assert.Contains(packs.Problems, p => p.Contains("Project_Menu.xml cannot be read", StringComparison.Ordinal));
        Assert.Contains(packs.Problems, p => p.Contains("DMucTKhai.xml cannot be read", StringComparison.Ordinal) && p.Contains("DTD", StringComparison.Ordinal));
        Assert.Empty(packs.FormIds);
    }

    [Fact]
    public void A_missing_pack_folder_is_named()
    {
        var missing = Path.Combine(_root, "nope");
        var error = Assert.Throws<DirectoryNotFoundException>(() => FormCatalogue.Load(schemaPacks: [missing]));
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Settings_split_on_semicolons()
    {
        Assert.Equal(["/a", "/b c"], SchemaPacks.SplitSetting(" /a ; /b c ;"));
        Assert.Empty(SchemaPacks.SplitSetting(null));
    }
}
