using System.Globalization;
using System.Text;
using System.Xml;
using EFiling.Declarations.Findings;
using EFiling.Signing;
using EFiling.Storage;

namespace EFiling.Receipts;

/// <summary>
/// The decision notice (thông báo chấp nhận / không chấp nhận, the role of 01-2/TB-TĐT): ThongBaoChapNhan in
/// urn:efiling:vn:thongbao:v1 (schemas/notifications/notice.xsd), signed with the receipt certificate. The one builder
/// of both deciders' notices: reconciliation's (<see cref="For"/>, built only from what the filing row stores, so a
/// redelivery rebuilds the same content) and an officer's (Review.ReviewFollowUps).
/// </summary>
public sealed class NoticeDocument(Func<XmlSigner> createSigner)
{
    /// <summary>The receipts' namespace: notices and receipts are one family of notifications.</summary>
    public const string Namespace = ReceiptDocument.Namespace;
    public const string Decider = "EFiling - kiểm tra tự động (ReconcileFiling)";
    private const string SignedPartId = "TB_KETQUA";
    private readonly Lazy<XmlSigner> _signer = new(createSigner);

    /// <summary>Reconciliation's notice for a decided filing (Accepted or Rejected), from its row.</summary>
    public static NoticeRequest For(FilingEntity filing, IReadOnlyList<Finding> findings) =>
        new(filing.FilingId, filing.TransactionCode, filing.LastStep, filing.Status, filing.DecidedAtUtc ?? filing.StatusChangedAtUtc,
            Decider, Reason(filing.Status, findings), findings, filing.DaysLate, filing.ToFacts().Dossier);

    public BinaryData Create(NoticeRequest r)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        var root = Append(doc, doc, "ThongBaoChapNhan");
        var part = Append(doc, root, "NoiDung");
        part.SetAttribute("id", SignedPartId);
        Append(doc, part, "maHoSo", r.FilingId);
        Append(doc, part, "maGiaoDich", r.TransactionCode);
        Append(doc, part, "ketQua", r.Result);
        // Vietnam time, as the receipts' thoiDiemNhan and the tax authority's own replies write it.
        Append(doc, part, "thoiDiemQuyetDinh", ReceiptDocument.Vietnam(r.DecidedAt));
        Append(doc, part, "nguoiQuyetDinh", Clip(r.DecidedBy));
        if (!string.IsNullOrWhiteSpace(r.Reason)) Append(doc, part, "lyDo", Clip(r.Reason));
        var list = Append(doc, part, "DSLoi");
        foreach (var f in r.Findings)
        {
            var loi = Append(doc, list, "Loi");
            Append(doc, loi, "ma", f.Code);
            Append(doc, loi, "mucDo", f.Severity.ToString().ToLowerInvariant());
            Append(doc, loi, "noiDungVi", Clip(string.IsNullOrWhiteSpace(f.MessageVi) ? f.Message : f.MessageVi));
            Append(doc, loi, "noiDungEn", Clip(f.Message));
        }
        Append(doc, part, "nopCham", r.DaysLate > 0 ? "true" : "false");
        Append(doc, part, "soNgayCham", r.DaysLate.ToString(CultureInfo.InvariantCulture));
        if (r.Dossier is { } dossier) ReceiptDocument.AppendDossier(doc, part, dossier, Namespace);
        _signer.Value.Sign(doc, part, Append(doc, root, "CKyDTu"));

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
            doc.Save(writer);
        return BinaryData.FromBytes(stream.ToArray());
    }

    private static string Reason(string result, IReadOnlyList<Finding> findings) => result == "Rejected"
        ? "Hồ sơ không được chấp nhận: " + string.Join("; ", findings.Where(f => f.Severity == Severity.Reject).Select(f => f.MessageVi ?? f.Message))
        : "";

    /// <summary>The notification schemas cap texts at 2,000 characters (notice.xsd, tbaothue.xsd: Chuoi).</summary>
    public static string Clip(string s) => s.Length <= 2000 ? s : s[..1999] + "…";

    private static XmlElement Append(XmlDocument doc, XmlNode parent, string name, string? text = null) =>
        ReceiptDocument.Append(doc, parent, name, text, Namespace);
}

/// <summary>What a decision notice states. Result: Accepted, Rejected or NeedsSupplementary (notice.xsd KetQua); the
/// notice is stored as {Step:000}-{Result}.xml.</summary>
public sealed record NoticeRequest(
    string FilingId, string TransactionCode, int Step, string Result, DateTimeOffset DecidedAt, string DecidedBy, string? Reason,
    IReadOnlyList<Finding> Findings, int DaysLate, FilingDossier? Dossier = null)
{
    public string Name => FilingKeys.NotificationName(Step, Result);
}
