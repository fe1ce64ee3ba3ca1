using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using EFiling.Declarations.Parsing;
using EFiling.Signing;

namespace EFiling.Signing.Tests.Support;

/// <summary>A small unsigned HSoThueDTu (01/GTGT-like) written here on purpose: these tests are about the
/// signature envelope, not the form. CRLF line endings as HTKK writes them.</summary>
public static class TestDocuments
{
    public const string TaxNs = "http://kekhaithue.gdt.gov.vn/TKhaiThue";
    public const string BhxhNs = "urn:efiling:vn:bhxh:v1";
    public const string DsigNs = XmlDsigAlgorithms.DsigNamespace;
    public const string Mst = "0100109106";

    public static string UnsignedTaxXml(string mst = Mst, string signatureBlockContent = "") =>
        string.Join("\r\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            $"<HSoThueDTu xmlns=\"{TaxNs}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
            "  <HSoKhaiThue id=\"ID_1\">",
            "    <TTinChung>",
            "      <TTinDVu><maDVu>HTKK</maDVu><tenDVu>HỖ TRỢ KÊ KHAI THUẾ</tenDVu><pbanDVu>5.2.5</pbanDVu><ttinNhaCCapDVu/></TTinDVu>",
            "      <TTinTKhaiThue>",
            "        <TKhaiThue>",
            "          <maTKhai>842</maTKhai>",
            "          <tenTKhai>TỜ KHAI THUẾ GIÁ TRỊ GIA TĂNG (Mẫu số 01/GTGT)</tenTKhai>",
            "          <loaiTKhai>C</loaiTKhai><soLan>0</soLan>",
            "          <KyKKhaiThue><kieuKy>M</kieuKy><kyKKhai>10/2024</kyKKhai></KyKKhaiThue>",
            "          <ngayLapTKhai>2024-11-15</ngayLapTKhai>",
            "        </TKhaiThue>",
            $"        <NNT><mst>{mst}</mst><tenNNT>CÔNG TY TNHH ABC</tenNNT><dchiNNT>Số 1 Phố Huế, Hai Bà Trưng</dchiNNT></NNT>",
            "      </TTinTKhaiThue>",
            "    </TTinChung>",
            "    <CTieuTKhaiChinh><ct21>0</ct21><ct22>0</ct22><ct23>100000000</ct23><ct24>10000000</ct24><ct40>5000000</ct40></CTieuTKhaiChinh>",
            "    <PLuc/>",
            "  </HSoKhaiThue>",
            $"  <CKyDTu>{signatureBlockContent}</CKyDTu>",
            "</HSoThueDTu>",
            "");

    public static string UnsignedBhxhXml() =>
        string.Join("\r\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            $"<HSoBHXHDTu xmlns=\"{BhxhNs}\">",
            "  <HSoKhaiBHXH id=\"BHXH_1\"><maDonVi>TA0001</maDonVi><mst>0101601092</mst><soLaoDong>12</soLaoDong></HSoKhaiBHXH>",
            "  <CKyDTu/>",
            "</HSoBHXHDTu>",
            "");

    public static XmlDocument Load(string xml) => SecureXml.LoadXml(xml);

    /// <summary>Serialises and parses again, as the document would travel: what is verified is what was sent.</summary>
    public static XmlDocument Reload(XmlDocument document) => SecureXml.Load(ToBytes(document));

    public static byte[] ToBytes(XmlDocument document)
    {
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    public static void Save(XmlDocument document, string path) => File.WriteAllBytes(path, ToBytes(document));

    public static XmlElement SignedPart(XmlDocument document) => Child(document.DocumentElement!, "HSoKhaiThue");

    public static XmlElement SignatureBlock(XmlDocument document) => Child(document.DocumentElement!, "CKyDTu");

    public static XmlElement Signature(XmlDocument document) =>
        (XmlElement)document.GetElementsByTagName("Signature", DsigNs)[0]!;

    public static XmlElement Ds(XmlElement parent, string localName) =>
        (XmlElement)parent.GetElementsByTagName(localName, DsigNs)[0]!;

    public static XmlElement Child(XmlElement parent, string localName) =>
        parent.ChildNodes.OfType<XmlElement>().Single(e => e.LocalName == localName);

    public static XmlDocument SignedTax(X509Certificate2 certificate, XmlSignerOptions? options = null, string mst = Mst)
    {
        var document = Load(UnsignedTaxXml(mst));
        new XmlSigner(certificate, options).Sign(document, SignedPart(document), SignatureBlock(document));
        return Reload(document);
    }

    public static SignatureVerification Verify(
        XmlDocument document, SignatureVerifierOptions options, string mst = Mst, DateTimeOffset? atTime = null) =>
        new SignatureVerifier(options).Verify(
            document, SignedPart(document), SignatureBlock(document), mst, atTime ?? DateTimeOffset.UtcNow);

    public static string Text(XmlDocument document) => Encoding.UTF8.GetString(ToBytes(document)).TrimStart('\uFEFF');
}
