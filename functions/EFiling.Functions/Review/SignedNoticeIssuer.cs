using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using EFiling.Declarations.Deadlines;
using EFiling.Signing;
using EFiling.Storage;

namespace EFiling.Functions.Review;

/// <summary>
/// Builds the ThongBaoChapNhan notice of schemas/notifications/notice.xsd, signs it with the service's receipt
/// certificate and stores it as notifications/{id}/{step:000}-{result}.xml (the layout reconciliation's notices use),
/// create-only so a retried decision keeps the first notice.
/// </summary>
public sealed class SignedNoticeIssuer(StorageClients clients, StorageNames names, Func<XmlSigner> createSigner) : INoticeIssuer
{
    public const string Namespace = "urn:efiling:vn:thongbao:v1";
    private const string SignedPartId = "TB_KETQUA";
    private readonly Lazy<XmlSigner> _signer = new(createSigner);
    private readonly BlobContainerClient _container = clients.Blobs.GetBlobContainerClient(names.Containers.Notifications);

    public async Task<string> IssueAsync(NoticeRequest r, CancellationToken ct)
    {
        var name = $"{r.Step:000}-{r.Result}";
        var blob = _container.GetBlobClient($"{r.FilingId}/{name}.xml");
        // A repeated decision's follow-ups find the notice written: no need to build and sign another one.
        if (await blob.ExistsAsync(ct)) return name;
        try
        {
            await blob.UploadAsync(Build(r), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/xml" },
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed) { }
        return name;
    }

    public async Task<IReadOnlyList<string>> ListAsync(string filingId, CancellationToken ct)
    {
        var names = new List<string>();
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = filingId + "/" }, ct))
            names.Add(Path.GetFileNameWithoutExtension(item.Name[(filingId.Length + 1)..]));
        return names.Order(StringComparer.Ordinal).ToList();
    }

    public async Task<BinaryData?> ReadAsync(string filingId, string name, CancellationToken ct)
    {
        try { return (await _container.GetBlobClient($"{filingId}/{name}.xml").DownloadContentAsync(ct)).Value.Content; }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound) { return null; }
    }

    private BinaryData Build(NoticeRequest r)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        var root = Append(doc, doc, "ThongBaoChapNhan");
        var part = Append(doc, root, "NoiDung");
        part.SetAttribute("id", SignedPartId);
        Append(doc, part, "maHoSo", r.FilingId);
        Append(doc, part, "maGiaoDich", r.TransactionCode);
        Append(doc, part, "ketQua", r.Result);
        Append(doc, part, "thoiDiemQuyetDinh", VietnamTime.ToVietnam(r.DecidedAt).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        Append(doc, part, "nguoiQuyetDinh", r.DecidedBy);
        if (!string.IsNullOrWhiteSpace(r.Reason)) Append(doc, part, "lyDo", r.Reason);
        var list = Append(doc, part, "DSLoi");
        foreach (var f in r.Findings)
        {
            var loi = Append(doc, list, "Loi");
            Append(doc, loi, "ma", f.Code);
            Append(doc, loi, "mucDo", f.Severity.ToString().ToLowerInvariant());
            Append(doc, loi, "noiDungVi", string.IsNullOrWhiteSpace(f.MessageVi) ? f.Message : f.MessageVi);
            Append(doc, loi, "noiDungEn", f.Message);
        }
        Append(doc, part, "nopCham", r.DaysLate > 0 ? "true" : "false");
        Append(doc, part, "soNgayCham", r.DaysLate.ToString(CultureInfo.InvariantCulture));
        _signer.Value.Sign(doc, part, Append(doc, root, "CKyDTu"));

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) })) doc.Save(writer);
        return BinaryData.FromBytes(stream.ToArray());
    }

    private static XmlElement Append(XmlDocument doc, XmlNode parent, string name, string? text = null)
    {
        var e = doc.CreateElement(name, Namespace);
        if (text is not null) e.InnerText = text;
        parent.AppendChild(e);
        return e;
    }
}
