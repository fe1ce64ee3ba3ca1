using System.Globalization;
using System.Text;
using System.Xml;
using EFiling.Declarations.Findings;
using EFiling.Signing;
using EFiling.Storage;

namespace EFiling.Functions.Notifications;

/// <summary>
/// The decision notice (thông báo chấp nhận / không chấp nhận, the role of 01-2/TB-TĐT): ThongBaoChapNhan in
/// urn:efiling:vn:thongbao:v1 (schemas/notifications/notice.xsd), signed with the receipt certificate.
/// Built only from what the filing row stores, so a redelivery rebuilds the same content.
/// </summary>
public sealed class NoticeDocument(Func<XmlSigner> createSigner)
{
    public const string Namespace = "urn:efiling:vn:thongbao:v1";
    public const string Decider = "EFiling - kiểm tra tự động (ReconcileFiling)";
    private const string SignedPartId = "TB_KETQUA";
    private readonly Lazy<XmlSigner> _signer = new(createSigner);

    /// <summary>The notice for a decided filing; <paramref name="result"/> is Accepted or Rejected.</summary>
    public BinaryData Create(FilingEntity filing, string result, IReadOnlyList<Finding> findings)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        var root = Append(doc, doc, "ThongBaoChapNhan");
        var part = Append(doc, root, "NoiDung");
        part.SetAttribute("id", SignedPartId);
        Append(doc, part, "maHoSo", filing.FilingId);
        Append(doc, part, "maGiaoDich", filing.TransactionCode);
        Append(doc, part, "ketQua", result);
        Append(doc, part, "thoiDiemQuyetDinh", (filing.DecidedAtUtc ?? filing.StatusChangedAtUtc).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        Append(doc, part, "nguoiQuyetDinh", Decider);
        Append(doc, part, "lyDo", Reason(result, findings));
        var list = Append(doc, part, "DSLoi");
        foreach (var f in findings)
        {
            var loi = Append(doc, list, "Loi");
            Append(doc, loi, "ma", f.Code);
            Append(doc, loi, "mucDo", f.Severity.ToString().ToLowerInvariant());
            Append(doc, loi, "noiDungVi", Clip(f.MessageVi ?? f.Message));
            Append(doc, loi, "noiDungEn", Clip(f.Message));
        }
        Append(doc, part, "nopCham", filing.DaysLate > 0 ? "true" : "false");
        Append(doc, part, "soNgayCham", filing.DaysLate.ToString(CultureInfo.InvariantCulture));
        if (filing.ToFacts().Dossier is { } dossier) Receipts.ReceiptDocument.AppendDossier(doc, part, dossier, Namespace);
        var block = Append(doc, root, "CKyDTu");
        _signer.Value.Sign(doc, part, block);

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
            doc.Save(writer);
        return BinaryData.FromBytes(stream.ToArray());
    }

    private static string Reason(string result, IReadOnlyList<Finding> findings) => result == "Rejected"
        ? Clip("Hồ sơ không được chấp nhận: " + string.Join("; ", findings.Where(f => f.Severity == Severity.Reject).Select(f => f.MessageVi ?? f.Message)))
        : "";

    // notice.xsd caps texts at 2,000 characters.
    private static string Clip(string s) => s.Length <= 2000 ? s : s[..1999] + "…";

    private static XmlElement Append(XmlDocument doc, XmlNode parent, string name, string? text = null)
    {
        var e = doc.CreateElement(name, Namespace);
        if (text is not null) e.InnerText = text;
        parent.AppendChild(e);
        return e;
    }
}
