using System.Text;
using System.Xml;
using EFiling.Declarations.Findings;
using EFiling.Samples;

namespace EFiling.Validation.Tests;

/// <summary>
/// I-VAN dossiers (issue 16): the verdict on the envelope, each form it carries (schema, rules, signature) and the
/// employer's signature over it, every finding at once with its path inside the dossier.
/// </summary>
public class DossierVerdictTests(PkiFixture fixture) : IClassFixture<PkiFixture>
{
    private const string File1 = "/Hoso/NoiDung/ThongTinHoSo/ToKhais/FileToKhai[1]";
    private const string File2 = "/Hoso/NoiDung/ThongTinHoSo/ToKhais/FileToKhai[2]";

    private Sample Dossier(string form = "D02-LT", SampleDefect defect = SampleDefect.None, int seed = 7) =>
        fixture.Generator(seed).Generate(new SampleRequest { FormCode = form, Ivan = true, Defect = defect });

    private ValidationResult Check(byte[] bytes) => fixture.Validator.Validate(bytes, DateTimeOffset.UtcNow);

    private System.Security.Cryptography.X509Certificates.X509Certificate2 Employer(Sample s) => fixture.Pki.Taxpayer(s.Mst.ToString()).Certificate;

    private static string Codes(ValidationResult r) => string.Join("; ", r.Findings.Select(f => $"{f.Code} {f.Path} {f.Message}"));

    private static IReadOnlyList<Finding> Rejects(ValidationResult r) => r.Findings.Where(f => f.Severity == Severity.Reject).ToList();

    [Fact]
    public void A_dossier_with_two_signed_forms_is_accepted_and_names_each_form()
    {
        var sample = Dossier();
        var result = Check(sample.Bytes);

        Assert.True(result.IsValid, Codes(result));
        Assert.Equal("D02-LT", result.Header!.FormCode);
        Assert.Equal(sample.Mst, result.Header.Mst);
        Assert.Equal(sample.Period, result.Header.Period);
        Assert.Equal(sample.Office, result.Header.Office);
        Assert.Equal(OfficeDirectory.EmployerUnitCode(sample.Mst.ToString()), result.Header.EmployerCode);
        Assert.Equal("Hoso.xsd", result.SchemaFile);
        Assert.Equal("600", result.Dossier!.Procedure);
        Assert.Equal(["D02-LT", "TK1-TS"], result.Dossier.Forms.Select(f => f.Form));
        Assert.Equal(["D02-LT.xml", "TK1-TS.xml"], result.Dossier.Forms.Select(f => f.FileName));
        // The SHA-256 is the decoded form's: what the employer signed, not the base64 text.
        var editor = new DossierEditor(sample.Bytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(DossierEditor.Serialize(editor.Form(1)))), result.Dossier.Forms[0].Sha256);
        // Every signature is the employer's: the dossier's (the filing's signer) and each form's.
        Assert.Equal(sample.Mst.ToString(), result.Signer!.Mst);
        Assert.All(result.Dossier.Forms, f => Assert.Equal(sample.Mst.ToString(), f.Signer!.Mst));
    }

    [Fact]
    public void A_registration_dossier_and_the_old_D02_TS_name_are_accepted()
    {
        var tk3 = Check(Dossier("TK3-TS").Bytes);
        Assert.True(tk3.IsValid, Codes(tk3));
        Assert.Equal("TK3-TS", tk3.Header!.FormCode);

        // Public client code still writes D02-TS (Decision 595): root and MaToKhai.
        var sample = Dossier();
        var editor = new DossierEditor(sample.Bytes);
        var text = Encoding.UTF8.GetString(DossierEditor.Serialize(editor.Form(1))).Replace("<D02-LT ", "<D02-TS ").Replace("</D02-LT>", "</D02-TS>");
        var form = new XmlDocument { PreserveWhitespace = true };
        form.LoadXml(text);
        editor.SetForm(1, DossierEditor.SignForm(form, Employer(sample))).Set($"{DossierEditor.FilesPath}[1]/MaToKhai", "D02-TS").Sign(Employer(sample));
        var d02ts = Check(editor.Bytes());
        Assert.True(d02ts.IsValid, Codes(d02ts));
        Assert.Equal("D02-LT", d02ts.Header!.FormCode);
        Assert.Equal("D02-TS", d02ts.Dossier!.Forms[0].FormId);
    }

    [Fact]
    public void A_form_changed_after_it_was_signed_is_refused_at_its_path()
    {
        var result = Check(Dossier(defect: SampleDefect.Tampered).Bytes);
        var reject = Assert.Single(Rejects(result));
        Assert.Equal("SIG_INVALID", reject.Code);
        Assert.Equal($"{File2}/TK1-TS/Cky", reject.Path);
        Assert.StartsWith("File 2 (TK1-TS, TK1-TS.xml): ", reject.Message);
    }

    [Fact]
    public void A_form_signed_by_another_unit_is_refused_at_its_path()
    {
        var result = Check(Dossier(defect: SampleDefect.MstMismatch).Bytes);
        var reject = Assert.Single(Rejects(result));
        Assert.Equal("CERT_MST_MISMATCH", reject.Code);
        Assert.Equal($"{File2}/TK1-TS/Cky", reject.Path);
    }

    [Fact]
    public void A_dossier_signed_by_another_unit_is_refused()
    {
        var sample = Dossier();
        var other = fixture.Pki.Taxpayers.First(t => t.Kind == EFiling.Signing.DevCertificateKind.Valid && t.Mst != sample.Mst.ToString());
        var result = Check(new DossierEditor(sample.Bytes).Sign(other.Certificate).Bytes());
        var reject = Assert.Single(Rejects(result));
        Assert.Equal("CERT_MST_MISMATCH", reject.Code);
        Assert.Equal("/Hoso/CKy_Dvi", reject.Path);
    }

    [Fact]
    public void A_dossier_without_the_employers_signature_is_refused()
    {
        var unsigned = Check(Dossier(defect: SampleDefect.Unsigned).Bytes);
        var reject = Assert.Single(Rejects(unsigned));
        Assert.Equal("SIG_MISSING", reject.Code);
        Assert.Equal("/Hoso/CKy_Dvi", reject.Path);
        Assert.False(unsigned.IsValid);
        Assert.Null(unsigned.Signer);

        // CKy_Dvi left out altogether (the schema allows it: software writes it empty before signing).
        var editor = new DossierEditor(Dossier().Bytes);
        editor.Root.RemoveChild(editor.Root["CKy_Dvi"]!);
        var missing = Check(editor.Bytes());
        Assert.Equal("SIG_MISSING", Assert.Single(Rejects(missing)).Code);
        Assert.Equal("/Hoso/CKy_Dvi", Rejects(missing)[0].Path);
    }

    [Fact]
    public void A_form_without_its_own_signature_is_refused()
    {
        var sample = Dossier();
        var editor = new DossierEditor(sample.Bytes);
        var form = editor.Form(1);
        form.DocumentElement!["Cky"]!.RemoveAll();
        var result = Check(editor.SetForm(1, form).Sign(Employer(sample)).Bytes());
        var reject = Assert.Single(Rejects(result));
        Assert.Equal("SIG_MISSING", reject.Code);
        Assert.Equal($"{File1}/D02-LT/Cky", reject.Path);
    }

    [Fact]
    public void A_file_that_is_not_xml_is_refused_at_its_path()
    {
        var result = Check(Dossier(defect: SampleDefect.FileNotXml).Bytes);
        var reject = Assert.Single(Rejects(result));
        Assert.Equal("DOSSIER_FILE_NOT_XML", reject.Code);
        Assert.Equal($"{File2}/NoiDungFile", reject.Path);
        // The dossier is refused for it: its own signature value is not checked, and says so.
        Assert.Contains(result.Findings, f => f.Code == "SIG_NOT_CHECKED" && f.Path == "/Hoso/CKy_Dvi");
    }

    [Fact]
    public void A_decoded_size_bomb_is_refused_before_it_is_decoded()
    {
        var bomb = Dossier(defect: SampleDefect.FileTooLarge);
        var result = Check(bomb.Bytes);
        var reject = Assert.Single(Rejects(result));
        Assert.Equal("DOSSIER_FILE_TOO_LARGE", reject.Code);
        Assert.Equal($"{File2}/NoiDungFile", reject.Path);
        Assert.Contains("6000000 bytes once decoded", reject.Message);

        // Not decoded: the same dossier whose file names an unknown form (refused before any size check or decoding) costs
        // as much, within a margin far below the 6,000,000 bytes decoding would allocate.
        var undecoded = new DossierEditor(bomb.Bytes).Set($"{DossierEditor.FilesPath}[2]/MaToKhai", "XX-00").Sign(Employer(bomb)).Bytes();
        Check(bomb.Bytes);
        Check(undecoded);
        var bombCost = Allocated(() => Check(bomb.Bytes));
        var baseline = Allocated(() => Assert.Equal("DOSSIER_FORM_UNKNOWN", Rejects(Check(undecoded)).Single().Code));
        Assert.True(Math.Abs(bombCost - baseline) < 1_000_000, $"the bomb allocated {bombCost:N0} bytes, the undecoded baseline {baseline:N0}");
    }

    private static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Too_many_files_are_refused_before_any_is_decoded()
    {
        var sample = Dossier();
        var editor = new DossierEditor(sample.Bytes);
        var list = editor.Files[0].ParentNode!;
        for (var i = 0; i < 20; i++) list.AppendChild(editor.Files[1].CloneNode(deep: true));
        editor.Set("NoiDung/ThongTinHoSo/SoLuongFile", "22");
        var result = Check(editor.Sign(Employer(sample)).Bytes());
        var reject = Assert.Single(Rejects(result));
        Assert.Equal("DOSSIER_TOO_MANY_FILES", reject.Code);
        Assert.Empty(result.Dossier!.Forms);
    }

    [Fact]
    public void Every_error_is_reported_at_once_with_its_path_inside_the_dossier()
    {
        var sample = Dossier();
        var editor = new DossierEditor(sample.Bytes);
        // Form 1: a malformed social-insurance number (a rule) and an unknown column (its schema), signed again.
        var d02 = editor.Form(1);
        var rows = d02.SelectNodes("/D02-LT/NoiDung/LaoDong")!.OfType<XmlElement>().ToList();
        rows[1]["MasoBHXH"]!.InnerText = "12345";
        var extra = d02.CreateElement("LuongMoi");
        rows[0].AppendChild(extra);
        // Form 2: declared 50 bytes long, and the envelope: a count that does not match, an unknown procedure.
        editor.SetForm(1, DossierEditor.SignForm(d02, Employer(sample)))
            .Set($"{DossierEditor.FilesPath}[2]/DoDaiFile", "50")
            .Set("NoiDung/ThongTinHoSo/SoLuongFile", "3")
            .Set("NoiDung/ThongTinHoSo/MaThuTuc", "699");
        var result = Check(editor.Sign(Employer(sample)).Bytes());

        var rejects = Rejects(result);
        Assert.Contains(rejects, f => f.Code == "DOSSIER_PROCEDURE_UNKNOWN" && f.Path == "/Hoso/NoiDung/ThongTinHoSo/MaThuTuc");
        Assert.Contains(rejects, f => f.Code == "DOSSIER_FILE_COUNT_MISMATCH" && f.Path == "/Hoso/NoiDung/ThongTinHoSo/SoLuongFile");
        Assert.Contains(rejects, f => f.Code == "DOSSIER_FILE_LENGTH_MISMATCH" && f.Path == $"{File2}/DoDaiFile");
        var schema = Assert.Single(rejects, f => f.Code.StartsWith("SCHEMA_", StringComparison.Ordinal));
        Assert.StartsWith($"{File1}/D02-LT/NoiDung/LaoDong", schema.Path);
        Assert.Matches(@"\(line \d+, column \d+ of the form\)$", schema.Message);
        Assert.Null(schema.Line);
        // Rules run only on schema-valid forms: the number is reported once the column is gone.
        Assert.DoesNotContain(rejects, f => f.Code == "BHXH-SO-FORMAT");
        d02.SelectSingleNode("/D02-LT/NoiDung/LaoDong[1]/LuongMoi")!.ParentNode!.RemoveChild(extra);
        editor.SetForm(1, DossierEditor.SignForm(d02, Employer(sample)));
        var rule = Assert.Single(Rejects(Check(editor.Sign(Employer(sample)).Bytes())), f => f.Code == "BHXH-SO-FORMAT");
        Assert.Equal($"{File1}/D02-LT/NoiDung/LaoDong[2]/MasoBHXH", rule.Path);
    }

    [Fact]
    public void A_form_the_procedure_does_not_take_or_that_is_not_what_it_says_is_refused()
    {
        var sample = Dossier();
        // 600b (reporting leaving employees) takes the D02-LT only.
        var notAllowed = Check(new DossierEditor(sample.Bytes).Set("NoiDung/ThongTinHoSo/MaThuTuc", "600b").Sign(Employer(sample)).Bytes());
        var reject = Assert.Single(Rejects(notAllowed));
        Assert.Equal("DOSSIER_FORM_NOT_ALLOWED", reject.Code);
        Assert.Equal($"{File2}/MaToKhai", reject.Path);

        // The file says D02-LT but carries the TK1-TS.
        var editor = new DossierEditor(sample.Bytes);
        editor.SetForm(1, editor.Form(2)).Sign(Employer(sample));
        var mismatch = Check(editor.Bytes());
        Assert.Contains(Rejects(mismatch), f => f.Code == "DOSSIER_FORM_MISMATCH" && f.Path == $"{File1}/MaToKhai");

        // An attachment (a scan): not a form this service takes.
        var attachment = Check(new DossierEditor(sample.Bytes).Set($"{DossierEditor.FilesPath}[2]/MaToKhai", "CT-DK").Sign(Employer(sample)).Bytes());
        Assert.Equal("DOSSIER_FORM_UNKNOWN", Assert.Single(Rejects(attachment)).Code);

        // A TK1-TS alone is no 600 dossier: it needs the unit's D02-LT or TK3-TS.
        var alone = new DossierEditor(sample.Bytes);
        alone.Files[0].ParentNode!.RemoveChild(alone.Files[0]);
        alone.Set("NoiDung/ThongTinHoSo/SoLuongFile", "1");
        var missing = Check(alone.Sign(Employer(sample)).Bytes());
        Assert.Equal("DOSSIER_FORM_MISSING", Assert.Single(Rejects(missing)).Code);
    }

    [Theory]
    [InlineData("not base64 at all!", "DOSSIER_FILE_NOT_BASE64", "/NoiDungFile")]
    [InlineData("PD94bWw=PQ==", "DOSSIER_FILE_NOT_BASE64", "/NoiDungFile")]
    public void A_file_whose_content_is_not_base64_is_refused(string content, string code, string at)
    {
        var sample = Dossier();
        var result = Check(new DossierEditor(sample.Bytes).SetFileText(2, content).Sign(Employer(sample)).Bytes());
        var reject = Assert.Single(Rejects(result));
        Assert.Equal(code, reject.Code);
        Assert.Equal(File2 + at, reject.Path);
    }

    [Fact]
    public void A_form_with_a_DTD_is_refused_like_a_declaration()
    {
        var sample = Dossier();
        var editor = new DossierEditor(sample.Bytes);
        var text = Encoding.UTF8.GetString(DossierEditor.Serialize(editor.Form(2)));
        text = text.Replace("<TK1-TS ", "<!DOCTYPE TK1-TS [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<TK1-TS ");
        var result = Check(editor.SetFileBytes(2, Encoding.UTF8.GetBytes(text)).Sign(Employer(sample)).Bytes());
        var reject = Assert.Single(Rejects(result));
        Assert.Equal("XML_DTD_PROHIBITED", reject.Code);
        Assert.Equal(File2, reject.Path);
        Assert.Equal(ValidationOutcome.Invalid, result.Outcome);
    }

    [Fact]
    public void A_form_beyond_the_parser_limits_is_refused_with_their_codes()
    {
        var sample = Dossier();
        var editor = new DossierEditor(sample.Bytes);
        var text = Encoding.UTF8.GetString(DossierEditor.Serialize(editor.Form(2)));
        text = text.Replace("<HoTen>", string.Concat(Enumerable.Repeat("<x>", 40)) + "<HoTen>");
        var result = Check(editor.SetFileBytes(2, Encoding.UTF8.GetBytes(text)).Sign(Employer(sample)).Bytes());
        var reject = Assert.Single(Rejects(result));
        Assert.Equal("DOC_TOO_DEEP", reject.Code);
        Assert.StartsWith($"{File2}/TK1-TS/NoiDung/LaoDong", reject.Path);
    }

    [Fact]
    public void The_forms_of_a_dossier_share_one_element_budget()
    {
        // Two forms of 260,000 elements each: each under the 500,000 of one declaration, not both together. Without a
        // shared budget twenty such forms would cost twenty times the memory of the largest declaration.
        var sample = Dossier();
        var editor = new DossierEditor(sample.Bytes);
        foreach (var index in new[] { 1, 2 })
        {
            var text = Encoding.UTF8.GetString(DossierEditor.Serialize(editor.Form(index)));
            var at = text.IndexOf("<LaoDong>", StringComparison.Ordinal);
            editor.SetFileBytes(index, Encoding.UTF8.GetBytes(text[..at] + string.Concat(Enumerable.Repeat("<x/>", 260_000)) + text[at..]));
        }
        var result = Check(editor.Sign(Employer(sample)).Bytes());

        var tooMany = Assert.Single(Rejects(result), f => f.Code == "DOC_TOO_MANY_ELEMENTS");
        Assert.StartsWith(File2, tooMany.Path);
        Assert.Contains("together", tooMany.Message);
        // The first form was read (its unknown elements are schema errors); the second was not.
        Assert.Contains(Rejects(result), f => f.Code.StartsWith("SCHEMA_", StringComparison.Ordinal) && f.Path!.StartsWith(File1, StringComparison.Ordinal));
        Assert.DoesNotContain(Rejects(result), f => f.Code.StartsWith("SCHEMA_", StringComparison.Ordinal) && f.Path!.StartsWith(File2, StringComparison.Ordinal));
    }

    [Fact]
    public void A_form_sent_on_its_own_is_not_a_dossier()
    {
        var form = new DossierEditor(Dossier().Bytes).Form(1);
        var result = Check(DossierEditor.Serialize(form));
        Assert.Equal("DOC_UNKNOWN_FAMILY", Assert.Single(Rejects(result)).Code);
    }

    [Fact]
    public void The_envelopes_header_is_checked()
    {
        var sample = Dossier();
        var result = Check(new DossierEditor(sample.Bytes).Set("NoiDung/ThongTinDonVi/MaSoThue", "0100109107").Sign(Employer(sample)).Bytes());
        Assert.Contains(Rejects(result), f => f.Code == "HDR_MST_INVALID" && f.Path == "/Hoso/NoiDung/ThongTinDonVi/MaSoThue");
        Assert.Null(result.Header);
    }
}
