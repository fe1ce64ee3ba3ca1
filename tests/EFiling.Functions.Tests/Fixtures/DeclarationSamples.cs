using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using EFiling.Declarations.Identifiers;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Signing;

namespace EFiling.Functions.Tests.Fixtures;

/// <summary>
/// The one source of test declarations: the examples from schemas/ (01/GTGT for most tests; 05/KK-TNCN and D02-LT for
/// the cross-family checks), made unique, edited for each case and signed HTKK-style with a development PKI's taxpayer
/// certificates. Every test document comes from here.
/// </summary>
public sealed class DeclarationSamples(DevPki pki)
{
    private const string TaxNs = "http://kekhaithue.gdt.gov.vn/TKhaiThue";
    private const string SocialInsuranceNs = "urn:efiling:vn:bhxh:v1";
    private static readonly string Template = File.ReadAllText(Repo.Path("schemas", "tax", "examples", "01-GTGT.valid.xml"));
    private static readonly string PitTemplate = File.ReadAllText(Repo.Path("schemas", "tax", "examples", "05-KK-TNCN.valid.xml"));
    private static readonly string EmployeeListTemplate = File.ReadAllText(Repo.Path("schemas", "social-insurance", "examples", "D02-LT.valid.xml"));

    public DevPki Pki { get; } = pki;

    /// <summary>A valid declaration, different from every other one made (the software id is random).</summary>
    public byte[] Valid() => Make(_ => { });

    /// <summary>Valid, but with a review-level finding (GTGT-021: "no activity" flagged with figures).</summary>
    public byte[] NeedsReview() => Make(doc => Set(doc, "ct21", "1"));

    /// <summary>Two business rules broken (GTGT-027 and GTGT-034 both depend on ct27).</summary>
    public byte[] RuleViolations() => Make(doc => Set(doc, "ct27", "1"));

    /// <summary>Two schema errors in different parts: an unknown element in NNT and a non-numeric amount.</summary>
    public byte[] SchemaInvalid() => Make(doc =>
    {
        Element(doc, "NNT").AppendChild(doc.CreateElement("khongCo", TaxNs));
        Set(doc, "ct22", "abc");
    });

    /// <summary>Signed, then a figure changed: the digest no longer matches.</summary>
    public byte[] Tampered() => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Valid()).Replace("<ct22>2000000</ct22>", "<ct22>2000001</ct22>"));

    /// <summary>Asks for a VAT refund (GTGT-HOAN-THUE, review): input VAT carried forward (ct22) above the output VAT
    /// due, and the whole excess (ct41) asked back (ct42), so every arithmetic rule still holds.</summary>
    public byte[] VatRefund() => Make(doc =>
    {
        Set(doc, "ct22", "10000000"); // ct36 is 7,500,000: 2,500,000 deductible left over
        Set(doc, "ct40a", "0");
        Set(doc, "ct40", "0");
        Set(doc, "ct41", "2500000");
        Set(doc, "ct42", "2500000");
        Set(doc, "ct43", "0");
    });

    /// <summary>Signed with an expired certificate.</summary>
    public byte[] ExpiredCertificate() => Make(_ => { }, Pki.FirstOf(DevCertificateKind.Expired));

    /// <summary>Filed for branch 001 of the first valid taxpayer and signed with that company's own certificate.</summary>
    public byte[] BranchSignedByParent() => Make(doc => Set(doc, "mst", Pki.FirstOf(DevCertificateKind.Valid).Mst + "-001"));

    private static int _quarters;

    /// <summary>A quarter no other sample of this run uses, far ahead (so on time, and alone in its period unless a test
    /// files several for it on purpose).</summary>
    public static (int Year, int Quarter) NewQuarter()
    {
        var n = Interlocked.Increment(ref _quarters);
        return (2100 + n / 4, n % 4 + 1);
    }

    /// <summary>Sets the period (quarter) of a declaration being made.</summary>
    public static void SetQuarter(XmlDocument doc, int year, int quarter)
    {
        var start = new DateOnly(year, (quarter - 1) * 3 + 1, 1);
        Set(doc, "kyKKhai", $"{quarter}/{year}");
        Set(doc, "kyKKhaiTuNgay", start.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture));
        Set(doc, "kyKKhaiDenNgay", start.AddMonths(3).AddDays(-1).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Makes it supplementary number <paramref name="n"/> (loaiTKhai B, soLan n).</summary>
    public static void SetSupplementary(XmlDocument doc, int n)
    {
        Set(doc, "loaiTKhai", "B");
        Set(doc, "soLan", $"{n}");
    }

    public static void SetOffice(XmlDocument doc, string office) => Set(doc, "maCQTNoiNop", office);

    /// <summary>A valid declaration edited by <paramref name="edit"/> after its own fresh quarter is set (which the edit
    /// may replace), signed by <paramref name="signer"/> (default: the first valid taxpayer).</summary>
    public byte[] Make(Action<XmlDocument> edit, DevPkiTaxpayerCertificate? signer = null)
    {
        signer ??= Pki.FirstOf(DevCertificateKind.Valid);
        return Make(edit, signer.Mst, signer.Certificate);
    }

    /// <summary>A valid declaration for <paramref name="mst"/> signed with <paramref name="certificate"/> (e.g. one
    /// issued for the test), then <paramref name="signed"/> edits the parts the signature does not cover (KeyInfo, the
    /// rest of the signature block).</summary>
    public byte[] Make(Action<XmlDocument> edit, string mst, X509Certificate2 certificate, Action<XmlElement>? signed = null) =>
        Sign(Template, TaxNs, "HSoKhaiThue", certificate, doc =>
        {
            Set(doc, "mst", mst);
            Set(doc, "ttinNhaCCapDVu", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
            var (year, quarter) = NewQuarter();
            SetQuarter(doc, year, quarter);
            edit(doc);
        }, signed);

    /// <summary>
    /// A valid declaration for <paramref name="client"/> prepared by tax agent <paramref name="agent"/>: a DLyThue block
    /// naming the agent after NNT, signed with the agent's certificate.
    /// </summary>
    public byte[] AgentSigned(DevPkiTaxpayerCertificate client, DevPkiTaxpayerCertificate agent) =>
        Sign(Template, TaxNs, "HSoKhaiThue", agent, doc =>
        {
            Set(doc, "mst", client.Mst);
            Set(doc, "ttinNhaCCapDVu", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
            var (year, quarter) = NewQuarter();
            SetQuarter(doc, year, quarter);
            var nnt = Element(doc, "NNT");
            var block = doc.CreateElement("DLyThue", TaxNs);
            foreach (var (name, value) in new[] { ("mstDLyThue", agent.Mst), ("tenDLyThue", agent.Name), ("soHDongDLyThue", "01/2025/HĐDV"), ("ngayKyHDDLyThue", "02/01/2025") })
            {
                var e = doc.CreateElement(name, TaxNs);
                e.InnerText = value;
                block.AppendChild(e);
            }
            nnt.ParentNode!.InsertAfter(block, nnt);
        });

    /// <summary>A month no other sample of this run uses (the first month of a <see cref="NewQuarter"/>).</summary>
    public static Period NewMonth()
    {
        var (year, quarter) = NewQuarter();
        return Period.Month(year, (quarter - 1) * 3 + 1);
    }

    /// <summary>
    /// A PIT withholding return (05/KK-TNCN) for a month or a quarter, filed at the taxpayer's office, declaring
    /// <paramref name="employees"/> employees (ct21). The template's head counts are lowered to fit (ct22 ≤ ct21,
    /// ct23 = ct24 + ct25 ≤ ct21), so it needs at least 4 employees.
    /// </summary>
    public byte[] Pit(Period period, long employees, DevPkiTaxpayerCertificate? signer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(employees, 4);
        signer ??= Pki.FirstOf(DevCertificateKind.Valid);
        return Sign(PitTemplate, TaxNs, "HSoKhaiThue", signer, doc =>
        {
            Set(doc, "mst", signer.Mst);
            Set(doc, "ttinNhaCCapDVu", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
            Set(doc, "maCQTNoiNop", TestRegistry.Office);
            Set(doc, "tenCQTNoiNop", "Thuế Thành phố Hà Nội");
            Set(doc, "kieuKy", period.Kind.ToCode());
            Set(doc, "kyKKhai", period.ToString());
            Set(doc, "kyKKhaiTuNgay", period.Start.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
            Set(doc, "kyKKhaiDenNgay", period.End.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
            Set(doc, "ct21", $"{employees}");
            Set(doc, "ct22", "4");
            Set(doc, "ct23", "4");
            Set(doc, "ct24", "3");
            Set(doc, "ct25", "1");
        });
    }

    /// <summary>
    /// A monthly social-insurance employee list (D02-LT) of the template's four employees, for employer
    /// <paramref name="unitCode"/>, filed with BHXH office <paramref name="office"/>.
    /// </summary>
    public byte[] EmployeeList(Period month, string unitCode, string office = TestRegistry.SocialInsuranceOffice, DevPkiTaxpayerCertificate? signer = null)
    {
        signer ??= Pki.FirstOf(DevCertificateKind.Valid);
        return Sign(EmployeeListTemplate, SocialInsuranceNs, "HSoKhaiBHXH", signer, doc =>
        {
            Set(doc, "mst", signer.Mst, SocialInsuranceNs);
            Set(doc, "tenDVu", $"EFiling tests {Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}", SocialInsuranceNs);
            Set(doc, "maDonVi", unitCode, SocialInsuranceNs);
            Set(doc, "maCQBHXH", office, SocialInsuranceNs);
            Set(doc, "kyKKhai", month.ToString(), SocialInsuranceNs);
        });
    }

    /// <summary>The number of employees <see cref="EmployeeList"/> lists.</summary>
    public const int EmployeesListed = 4;

    private static byte[] Sign(string template, string ns, string signedPart, DevPkiTaxpayerCertificate signer, Action<XmlDocument> edit) =>
        Sign(template, ns, signedPart, signer.Certificate, edit);

    private static byte[] Sign(string template, string ns, string signedPart, X509Certificate2 certificate, Action<XmlDocument> edit, Action<XmlElement>? signed = null)
    {
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        doc.LoadXml(template);
        edit(doc);
        var signature = new XmlSigner(certificate).Sign(doc, Element(doc, signedPart, ns), Element(doc, "CKyDTu", ns));
        signed?.Invoke(signature);
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) })) doc.Save(writer);
        return stream.ToArray();
    }

    private static XmlElement Element(XmlDocument doc, string name, string ns = TaxNs) =>
        doc.GetElementsByTagName(name, ns).OfType<XmlElement>().First();

    public static void Set(XmlDocument doc, string name, string value, string ns = TaxNs) => Element(doc, name, ns).InnerText = value;
}
