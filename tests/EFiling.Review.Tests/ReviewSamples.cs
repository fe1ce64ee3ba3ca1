using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
        return Declaration(office, signer.Mst, signer.Certificate);
    }

    /// <summary>For <paramref name="mst"/>, signed with <paramref name="certificate"/>; then <paramref name="signed"/>
    /// edits what the signature does not cover (KeyInfo, the rest of CKyDTu).</summary>
    public byte[] Declaration(string office, string mst, X509Certificate2 certificate, Action<XmlElement>? signed = null)
    {
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        doc.LoadXml(Template);
        Set(doc, "mst", mst);
        Set(doc, "maCQTNoiNop", office);
        Set(doc, "ttinNhaCCapDVu", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        var signature = new XmlSigner(certificate).Sign(doc, Element(doc, "HSoKhaiThue"), Element(doc, "CKyDTu"));
        signed?.Invoke(signature);
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) })) doc.Save(writer);
        return stream.ToArray();
    }

    public string DefaultMst => pki.FirstOf(DevCertificateKind.Valid).Mst;

    private static XmlElement Element(XmlDocument doc, string name) => doc.GetElementsByTagName(name, TaxNs).OfType<XmlElement>().First();

    private static void Set(XmlDocument doc, string name, string value) => Element(doc, name).InnerText = value;
}
