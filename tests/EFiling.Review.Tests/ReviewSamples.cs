using System.Security.Cryptography;
using System.Text;
using System.Xml;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Signing;

namespace EFiling.Review.Tests;

/// <summary>The shipped 01/GTGT example for a given office (and taxpayer), made unique and signed HTKK-style.</summary>
public sealed class ReviewSamples(DevPki pki)
{
    private const string TaxNs = "http://kekhaithue.gdt.gov.vn/TKhaiThue";
    private static readonly string Template = File.ReadAllText(Repo.Path("schemas", "tax", "examples", "01-GTGT.valid.xml"));

    public byte[] Declaration(string office, string? mst = null)
    {
        var signer = mst is null ? pki.FirstOf(DevCertificateKind.Valid) : pki.Taxpayer(mst);
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        doc.LoadXml(Template);
        Set(doc, "mst", signer.Mst);
        Set(doc, "maCQTNoiNop", office);
        Set(doc, "ttinNhaCCapDVu", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        new XmlSigner(signer.Certificate).Sign(doc, Element(doc, "HSoKhaiThue"), Element(doc, "CKyDTu"));
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) })) doc.Save(writer);
        return stream.ToArray();
    }

    public string DefaultMst => pki.FirstOf(DevCertificateKind.Valid).Mst;

    private static XmlElement Element(XmlDocument doc, string name) => doc.GetElementsByTagName(name, TaxNs).OfType<XmlElement>().First();

    private static void Set(XmlDocument doc, string name, string value) => Element(doc, name).InnerText = value;
}
