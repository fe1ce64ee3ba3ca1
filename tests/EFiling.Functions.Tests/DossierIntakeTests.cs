using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Schema;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Identifiers;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Samples;
using static EFiling.Functions.Tests.Fixtures.DeclarationSamples;

namespace EFiling.Functions.Tests;

/// <summary>
/// I-VAN dossiers through POST /api/filings (issue 16): the receipt and the notice name the dossier and each form, the
/// employee count reconciliation compares is the dossier's D02-LT list, and a refusal names the path inside the dossier.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DossierIntakeTests(TestEnvironment env)
{
    private const string Ns = "urn:efiling:vn:thongbao:v1";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly FormCatalogue Catalogue = FormCatalogue.Load(Repo.Path("schemas"));
    private HttpClient Client => env.App.Client;

    /// <summary>A dossier of the registry's active employer (unit DV{MST}, office KV01) for a month no other test uses.</summary>
    private Sample Dossier(Period month, SampleDefect defect = SampleDefect.None) =>
        new SampleGenerator(Catalogue, env.Pki, seed: month.GetHashCode()).Generate(new SampleRequest
        {
            FormCode = "D02-LT", Ivan = true, Mst = TestRegistry.Active(env.Pki).Mst, Office = TestRegistry.SocialInsuranceOffice, Period = month,
            Defect = defect,
        });

    /// <summary>The rows of the dossier's D02-LT (decoded from its first file).</summary>
    private static int Employees(Sample sample)
    {
        var dossier = new XmlDocument();
        dossier.Load(new MemoryStream(sample.Bytes));
        var form = new XmlDocument();
        form.Load(new MemoryStream(Convert.FromBase64String(dossier.SelectSingleNode("/Hoso/NoiDung/ThongTinHoSo/ToKhais/FileToKhai[1]/NoiDungFile")!.InnerText)));
        return form.SelectNodes("/D02-LT/NoiDung/LaoDong")!.Count;
    }

    [Fact]
    public async Task A_dossier_gets_a_receipt_and_a_notice_naming_it_and_each_form()
    {
        var sample = Dossier(NewMonth());
        using var response = await Client.SubmitAsync(sample.Bytes);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

        var receipt = Valid(await response.Content.ReadAsByteArrayAsync(), "receipt.xsd");
        var id = Text(receipt, "maHoSo");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(sample.Bytes)), Text(receipt, "sha256"));
        Assert.Equal("D02-LT", Text(receipt, "maMau"));
        Assert.Equal(TestRegistry.Active(env.Pki).Mst, Text(receipt, "mst"));
        Assert.Equal(sample.Period.ToString(), Text(receipt, "kyKKhai"));
        Assert.Equal("KV01", Text(receipt, "maCQ"));
        AssertNamesTheDossier(receipt, sample);

        // The same facts as JSON, for the same bytes sent again (200, the same receipt).
        using var again = await Client.SubmitAsync(sample.Bytes, accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var json = await again.JsonAsync();
        Assert.Equal(id, (string?)json["id"]);
        Assert.Equal("600", (string?)json["dossier"]!["procedure"]);
        Assert.Equal(["D02-LT", "TK1-TS"], json["dossier"]!["forms"]!.AsArray().Select(f => (string)f!["form"]!));

        var status = await env.App.WaitForStatusAsync(id, "Accepted", Wait);
        Assert.Empty(ReconciliationTests.Codes(status));
        var notice = Valid(Encoding.UTF8.GetBytes(await Client.GetStringAsync($"/api/filings/{id}/notifications/002-Accepted")), "notice.xsd");
        Assert.Equal("Accepted", Text(notice, "ketQua"));
        AssertNamesTheDossier(notice, sample);
        Assert.Equal(sample.Bytes, await Client.GetByteArrayAsync($"/api/filings/{id}/document"));
    }

    private void AssertNamesTheDossier(XmlDocument doc, Sample sample)
    {
        var block = doc.GetElementsByTagName("HoSo", Ns).OfType<XmlElement>().Single();
        Assert.Equal("600", block["maThuTuc", Ns]!.InnerText);
        Assert.Equal(TestRegistry.UnitCodeOf(TestRegistry.Active(env.Pki)), block["maDonVi", Ns]!.InnerText);
        var forms = block.GetElementsByTagName("ToKhai", Ns).OfType<XmlElement>().ToList();
        Assert.Equal(["D02-LT", "TK1-TS"], forms.Select(f => f["maToKhai", Ns]!.InnerText));
        Assert.Equal(["D02-LT.xml", "TK1-TS.xml"], forms.Select(f => f["tenFile", Ns]!.InnerText));
        // Each form's SHA-256 is that of the decoded form the employer signed.
        var dossier = new XmlDocument();
        dossier.Load(new MemoryStream(sample.Bytes));
        var files = dossier.SelectNodes("/Hoso/NoiDung/ThongTinHoSo/ToKhais/FileToKhai/NoiDungFile")!.OfType<XmlElement>()
            .Select(e => Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(e.InnerText))));
        Assert.Equal(files, forms.Select(f => f["sha256", Ns]!.InnerText));
    }

    [Fact]
    public async Task The_employee_count_across_families_is_the_dossiers_D02_list()
    {
        var month = NewMonth();
        var sample = Dossier(month);
        var employees = Employees(sample);
        using var response = await Client.SubmitAsync(sample.Bytes, accept: "application/json");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var dossier = (string)(await response.JsonAsync())["id"]!;
        await env.App.WaitForStatusAsync(dossier, "Accepted", Wait);

        // Ten more in the PIT withholding return of the same employer and month: beyond the tolerance, to review, naming
        // the dossier and the number of rows of its D02-LT.
        using var pit = await Client.SubmitAsync(env.Samples.Pit(month, employees + 10), accept: "application/json");
        var status = await env.App.WaitForStatusAsync((string)(await pit.JsonAsync())["id"]!, "NeedsReview", Wait);
        Assert.Equal(["REC_EMPLOYEE_COUNT_MISMATCH"], ReconciliationTests.Codes(status));
        Assert.Contains($"{employees + 10} employee(s) here against {employees} in D02-LT {dossier}", (string?)status["findings"]![0]!["message"]);
    }

    [Theory]
    [InlineData(SampleDefect.Tampered, "SIG_INVALID", "https://efiling.vn/problems/signature-invalid", "/Hoso/NoiDung/ThongTinHoSo/ToKhais/FileToKhai[2]/TK1-TS/Cky")]
    [InlineData(SampleDefect.MstMismatch, "CERT_MST_MISMATCH", "https://efiling.vn/problems/certificate-invalid", "/Hoso/NoiDung/ThongTinHoSo/ToKhais/FileToKhai[2]/TK1-TS/Cky")]
    [InlineData(SampleDefect.Unsigned, "SIG_MISSING", "https://efiling.vn/problems/signature-invalid", "/Hoso/CKy_Dvi")]
    [InlineData(SampleDefect.FileNotXml, "DOSSIER_FILE_NOT_XML", "https://efiling.vn/problems/schema-invalid", "/Hoso/NoiDung/ThongTinHoSo/ToKhais/FileToKhai[2]/NoiDungFile")]
    public async Task A_refused_dossier_is_422_naming_the_path_inside_it(SampleDefect defect, string code, string type, string path)
    {
        using var response = await Client.SubmitAsync(Dossier(NewMonth(), defect).Bytes);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(type, (string?)problem["type"]);
        var error = Assert.Single(problem["errors"]!.AsArray());
        Assert.Equal(code, (string?)error!["code"]);
        Assert.Equal(path, (string?)error["path"]);
    }

    private static XmlDocument Valid(byte[] bytes, string schema)
    {
        var schemas = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        schemas.Add(Ns, Repo.Path("schemas", "notifications", schema));
        var doc = new XmlDocument { PreserveWhitespace = true, Schemas = schemas };
        doc.Load(new MemoryStream(bytes));
        doc.Validate((_, e) => Assert.Fail($"Not valid against {schema}: {e.Message}"));
        return doc;
    }

    private static string Text(XmlDocument doc, string name) => doc.GetElementsByTagName(name, Ns).OfType<XmlElement>().First().InnerText;
}

/// <summary>The review page's reading of a dossier: the envelope's header and each form's rows, never the base64 text.</summary>
public sealed class DossierViewTests
{
    [Fact]
    public void A_dossier_is_shown_with_its_employer_and_the_rows_of_its_forms()
    {
        var catalogue = FormCatalogue.Load(Repo.Path("schemas"));
        using var pki = Signing.DevPki.Create(Directory.CreateTempSubdirectory("efiling-view-").FullName);
        var sample = new SampleGenerator(catalogue, pki).Generate(new SampleRequest { FormCode = "D02-LT", Ivan = true });

        var view = EFiling.Review.DeclarationView.Read(BinaryData.FromBytes(sample.Bytes), catalogue, "D02-LT");

        Assert.Contains(view.Header, h => h.Name == "mst" && h.Value == sample.Mst.ToString());
        Assert.Contains(view.Header, h => h.Name == "employerCode" && h.Value == OfficeDirectory.EmployerUnitCode(sample.Mst.ToString()));
        Assert.Contains(view.Header, h => h.Name == "office" && h.Value == sample.Office);
        // The D02-LT's employees and the TK1-TS's persons: the same people, once in each form.
        Assert.Equal(view.AppendixTotal, view.AppendixRows.Count);
        Assert.True(view.AppendixTotal >= 4);
        Assert.All(view.AppendixRows, r => Assert.Equal("LaoDong", r.Kind));
        Assert.DoesNotContain(view.Figures, f => f.Code == "NoiDungFile" || f.Value.Length > 500);
    }
}
