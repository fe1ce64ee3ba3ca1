using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using EFiling.Declarations.Deadlines;
using EFiling.Signing;
using EFiling.Storage;

namespace EFiling.Receipts;

/// <summary>
/// Renders a receipt (maTBao 843, the role of 01-1/TB-TĐT) or a decision notice (844, 01-2/TB-TĐT) in the envelope of
/// the tax authority's own signed replies, which accounting software already reads: TBaoThueDTu > TBaoThue
/// Id="_NODE_TO_SIGN" + CKyDTu, namespace http://kekhaithue.gdt.gov.vn/TBaoThue (schemas/notifications/tbaothue.xsd).
/// Signed like those replies: the receipt certificate, RSA-SHA256, C14N 1.0, a Reference to TBaoThue without
/// transforms and a second one to a ds:Object stating the signing time. Made from the filing's facts on each request
/// (signed then: the SigningTime is the rendering's); the stored receipt and notices stay what they are.
/// </summary>
public sealed class TaxAuthorityReply(Func<X509Certificate2> loadCertificate, TimeProvider time)
{
    public const string Namespace = "http://kekhaithue.gdt.gov.vn/TBaoThue";
    public const string SignedPartId = "_NODE_TO_SIGN";
    public const string ServiceCode = "EFILING";
    public const string Version = "1.0";

    private readonly Lazy<X509Certificate2> _certificate = new(loadCertificate);

    /// <summary>The receipt (843): received at its time, under its transaction code.</summary>
    public BinaryData Receipt(FilingFacts facts) =>
        Render(facts, "843", "V/v: Tiếp nhận hồ sơ thuế điện tử", $"{facts.TransactionCode}/TB-TĐT", VietnamTime.ToVietnam(facts.ReceivedAtUtc), decision: null);

    /// <summary>A decision notice (844) of a stored notice: accepted (Y, with the decision time) or not (N, with the reasons).</summary>
    public BinaryData Notice(FilingFacts facts, StoredNotice notice) =>
        Render(facts, "844", notice.Accepted ? "V/v: Chấp nhận hồ sơ thuế điện tử" : "V/v: Không chấp nhận hồ sơ thuế điện tử",
            $"{facts.TransactionCode}-{notice.Step}/TB-TĐT", VietnamTime.ToVietnam(notice.DecidedAt), notice);

    private BinaryData Render(FilingFacts f, string code, string title, string number, DateTimeOffset issued, StoredNotice? decision)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        var root = Append(doc, doc, "TBaoThueDTu");
        var notice = Append(doc, root, "TBaoThue");
        notice.SetAttribute("Id", SignedPartId);

        var common = Append(doc, notice, "TTinChung");
        var office = Append(doc, common, "CQT");
        Append(doc, office, "maCQT", f.Office);
        if (!string.IsNullOrWhiteSpace(f.OfficeName)) Append(doc, office, "tenCQT", f.OfficeName);
        var service = Append(doc, office, "DVu");
        Append(doc, service, "maDVu", ServiceCode);
        Append(doc, service, "tenDVu", "EFiling - tiếp nhận hồ sơ khai thuế điện tử");
        Append(doc, service, "pbanDVu", Version);
        Append(doc, Append(doc, common, "NNhanTBaoThue"), "maNNhan", f.Mst);
        var about = Append(doc, common, "TTinTBaoThue");
        Append(doc, about, "maTBao", code);
        Append(doc, about, "tenTBao", title);
        Append(doc, about, "pbanTBao", Version);
        Append(doc, about, "soTBao", number);
        Append(doc, about, "ngayTBao", issued.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        var content = Append(doc, notice, "NDungTBao");
        Append(doc, content, "trangThai", decision is { Accepted: false } ? "N" : "Y");
        Append(doc, content, "ngayNopThucTe", ReceiptDocument.Vietnam(f.ReceivedAtUtc));
        var filing = Append(doc, Append(doc, content, "HoSoThue"), "CTietHoSoThue");
        filing.SetAttribute("id", "1");
        Append(doc, filing, "tokhai-phuluc", $"{f.Form} ({f.MaTKhai})");
        Append(doc, filing, "loaiToKhai", f.FilingKind == "B" ? $"Bổ sung lần {f.AmendmentNumber}" : "Chính thức");
        Append(doc, filing, "kyTinhThue", f.Period);
        Append(doc, filing, "lanNop", f.AmendmentNumber.ToString(CultureInfo.InvariantCulture));
        Append(doc, content, "maGiaoDichDTu", f.TransactionCode);
        if (decision is { Accepted: true }) Append(doc, content, "ngayChapNhan", ReceiptDocument.Vietnam(decision.DecidedAt));
        if (decision is { Accepted: false }) Append(doc, content, "LyDo", NoticeDocument.Clip(decision.Reason is { Length: > 0 } r ? r : "Hồ sơ không được chấp nhận."));

        // EFiling's own facts, in its own namespace (declared here, not on an ancestor of the signature).
        var own = doc.CreateElement("TTinEFiling", ReceiptDocument.Namespace);
        content.AppendChild(own);
        Append(doc, own, "maHoSo", f.Id, ReceiptDocument.Namespace);
        Append(doc, own, "sha256", f.Sha256, ReceiptDocument.Namespace);
        Append(doc, own, "maMau", f.Form, ReceiptDocument.Namespace);
        Append(doc, own, "maTKhai", f.MaTKhai, ReceiptDocument.Namespace);
        Append(doc, own, "kieuKy", f.PeriodKind, ReceiptDocument.Namespace);
        Append(doc, own, "loaiTKhai", f.FilingKind, ReceiptDocument.Namespace);
        if (decision is not null) Append(doc, own, "ketQua", decision.Accepted ? "Accepted" : "Rejected", ReceiptDocument.Namespace);
        if (f.Test) Append(doc, own, "thuNghiem", "true", ReceiptDocument.Namespace);

        var block = Append(doc, root, "CKyDTu");
        var signer = new XmlSigner(_certificate.Value, new XmlSignerOptions
        {
            Reference = ReferenceTarget.SignedPartId,
            Canonicalization = XmlCanonicalization.Inclusive,
            ReferenceTransforms = ReferenceTransforms.None,
            IncludeSubjectName = true,
            SignatureId = "EFiling-" + Guid.NewGuid().ToString("N"),
            SignedSigningTime = time.GetUtcNow(),
        });
        signer.Sign(doc, notice, block);

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
            doc.Save(writer);
        return BinaryData.FromBytes(stream.ToArray());
    }

    private static XmlElement Append(XmlDocument doc, XmlNode parent, string name, string? text = null, string ns = Namespace) =>
        ReceiptDocument.Append(doc, parent, name, text, ns);
}

/// <summary>What a stored decision notice (ThongBaoChapNhan, our own signed document) says, for rendering it again.</summary>
public sealed record StoredNotice(int Step, bool Accepted, DateTimeOffset DecidedAt, string? Reason)
{
    /// <summary>Reads a notice this service stored (notice.xsd); null when it is not one.</summary>
    public static StoredNotice? Read(string name, BinaryData xml)
    {
        XmlDocument doc;
        try { doc = EFiling.Declarations.Parsing.SecureXml.Load(xml.ToArray()); }
        catch (XmlException) { return null; }
        string? Text(string element) => doc.GetElementsByTagName(element, ReceiptDocument.Namespace).OfType<XmlElement>().FirstOrDefault()?.InnerText;
        if (Text("ketQua") is not ("Accepted" or "Rejected") || !DateTimeOffset.TryParse(Text("thoiDiemQuyetDinh"), CultureInfo.InvariantCulture, out var decidedAt)
            || !int.TryParse(name[..3], NumberStyles.None, CultureInfo.InvariantCulture, out var step))
            return null;
        return new StoredNotice(step, Text("ketQua") == "Accepted", decidedAt, Text("lyDo"));
    }
}
