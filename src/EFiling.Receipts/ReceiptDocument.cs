using System.Globalization;
using System.Text;
using System.Xml;
using EFiling.Declarations.Deadlines;
using EFiling.Signing;
using EFiling.Storage;

namespace EFiling.Receipts;

/// <summary>
/// The receipt (thông báo tiếp nhận, the role of 01-1/TB-TĐT): an XML notification in urn:efiling:vn:thongbao:v1
/// stating what was received and when, signed by the service so a business can prove what it filed.
/// </summary>
public sealed class ReceiptDocument(Func<XmlSigner> createSigner)
{
    // The certificate is loaded (or, in development, made) on first use, not at start-up.
    private readonly Lazy<XmlSigner> _signer = new(createSigner);

    public const string Namespace = "urn:efiling:vn:thongbao:v1";
    private const string SignedPartId = "TB_TIEPNHAN";

    /// <summary>The signed receipt, following schemas/notifications/receipt.xsd.</summary>
    public BinaryData Create(FilingFacts f)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        var root = Append(doc, doc, "ThongBaoTiepNhan");
        var part = Append(doc, root, "NoiDung");
        part.SetAttribute("id", SignedPartId);
        Append(doc, part, "maHoSo", f.Id);
        Append(doc, part, "maGiaoDich", f.TransactionCode);
        Append(doc, part, "thoiDiemNhanUtc", Utc(f.ReceivedAtUtc));
        Append(doc, part, "thoiDiemNhan", Vietnam(f.ReceivedAtUtc));
        Append(doc, part, "sha256", f.Sha256);
        Append(doc, part, "maMau", f.Form);
        Append(doc, part, "maTKhai", f.MaTKhai);
        Append(doc, part, "mst", f.Mst);
        Append(doc, part, "kieuKy", f.PeriodKind);
        Append(doc, part, "kyKKhai", f.Period);
        Append(doc, part, "loaiTKhai", f.FilingKind);
        Append(doc, part, "soLan", f.AmendmentNumber.ToString(CultureInfo.InvariantCulture));
        Append(doc, part, "maCQ", f.Office);
        if (!string.IsNullOrWhiteSpace(f.OfficeName)) Append(doc, part, "tenCQ", f.OfficeName);
        if (f.Dossier is { } dossier) AppendDossier(doc, part, dossier, Namespace);
        // Inside the signed part: a test receipt cannot be made to look like a real one.
        if (f.Test) Append(doc, part, "thuNghiem", "true");
        var signatureBlock = Append(doc, root, "CKyDTu");
        _signer.Value.Sign(doc, part, signatureBlock);

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
            doc.Save(writer);
        return BinaryData.FromBytes(stream.ToArray());
    }

    public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Vietnam(DateTimeOffset t) => VietnamTime.ToVietnam(t).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>A dossier's HoSo block (notifications/common-types.xsd, HoSoIVAN): the procedure, the unit, each form.</summary>
    public static void AppendDossier(XmlDocument doc, XmlElement parent, FilingDossier dossier, string ns)
    {
        XmlElement Add(XmlNode to, string name, string? text = null)
        {
            var e = doc.CreateElement(name, ns);
            if (text is not null) e.InnerText = text;
            to.AppendChild(e);
            return e;
        }
        var block = Add(parent, "HoSo");
        Add(block, "maThuTuc", dossier.Procedure);
        if (!string.IsNullOrWhiteSpace(dossier.ProcedureName)) Add(block, "tenThuTuc", dossier.ProcedureName);
        if (!string.IsNullOrWhiteSpace(dossier.EmployerCode)) Add(block, "maDonVi", dossier.EmployerCode);
        foreach (var form in dossier.Forms)
        {
            var e = Add(block, "ToKhai");
            Add(e, "maToKhai", form.Form);
            if (!string.IsNullOrWhiteSpace(form.FileName)) Add(e, "tenFile", form.FileName);
            Add(e, "sha256", form.Sha256);
        }
    }

    /// <summary>One element, with its text if any, appended to a parent: how every document of this library is built
    /// (receipts and notices in <see cref="Namespace"/>, the tax authority's envelope in its own).</summary>
    internal static XmlElement Append(XmlDocument doc, XmlNode parent, string name, string? text = null, string ns = Namespace)
    {
        var e = doc.CreateElement(name, ns);
        if (text is not null) e.InnerText = text;
        parent.AppendChild(e);
        return e;
    }
}
