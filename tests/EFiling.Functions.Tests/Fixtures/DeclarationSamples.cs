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

    private byte[] Make(Action<XmlDocument> edit, DevPkiTaxpayerCertificate? signer = null)
    {
        signer ??= Pki.FirstOf(DevCertificateKind.Valid);
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        doc.LoadXml(Template);
        Set(doc, "mst", signer.Mst);
        Set(doc, "ttinNhaCCapDVu", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
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

    private static void Set(XmlDocument doc, string name, string value) => Element(doc, name).InnerText = value;
}
