using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Signing;

namespace EFiling.Functions.Tests.Fixtures;

/// <summary>
/// The one source of test declarations: the 01/GTGT example from schemas/, made unique, edited for each case and
/// signed HTKK-style with a development PKI's taxpayer certificates. Every test document comes from here.
/// </summary>
public sealed class DeclarationSamples(DevPki pki)
{
    private const string TaxNs = "http://kekhaithue.gdt.gov.vn/TKhaiThue";
    private static readonly string Template = File.ReadAllText(Repo.Path("schemas", "tax", "examples", "01-GTGT.valid.xml"));

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
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        doc.LoadXml(Template);
        Set(doc, "mst", signer.Mst);
        Set(doc, "ttinNhaCCapDVu", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        var (year, quarter) = NewQuarter();
        SetQuarter(doc, year, quarter);
        edit(doc);

        var part = Element(doc, "HSoKhaiThue");
        var block = Element(doc, "CKyDTu");
        new XmlSigner(signer.Certificate).Sign(doc, part, block);
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) })) doc.Save(writer);
        return stream.ToArray();
    }

    private static XmlElement Element(XmlDocument doc, string name) =>
        doc.GetElementsByTagName(name, TaxNs).OfType<XmlElement>().First();

    public static void Set(XmlDocument doc, string name, string value) => Element(doc, name).InnerText = value;
}
