using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using EFiling.Signing;

namespace EFiling.Validation.Tests;

/// <summary>
/// Edits a generated I-VAN dossier the way a test needs it: a file's content, a form inside it (decoded, changed,
/// signed again or not), a header field; then signs the dossier again (or not). Signs the way the samples do.
/// </summary>
internal sealed class DossierEditor
{
    public const string FilesPath = "NoiDung/ThongTinHoSo/ToKhais/FileToKhai";

    public DossierEditor(byte[] bytes)
    {
        Document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        Document.Load(new MemoryStream(bytes));
    }

    public XmlDocument Document { get; }
    public XmlElement Root => Document.DocumentElement!;

    public static XmlSignerOptions IvanSigning => new()
    {
        Reference = ReferenceTarget.WholeDocument,
        ReferenceTransforms = ReferenceTransforms.EnvelopedOnly,
        IncludeKeyValue = true,
        UnsignedSigningTime = DateTimeOffset.UtcNow,
    };

    public List<XmlElement> Files => Root.SelectNodes(FilesPath)!.OfType<XmlElement>().ToList();

    public XmlElement Element(string path) => (XmlElement)Root.SelectSingleNode(path)!;

    public DossierEditor Set(string path, string value)
    {
        Element(path).InnerText = value;
        return this;
    }

    /// <summary>File <paramref name="index"/> (1-based): its decoded form document.</summary>
    public XmlDocument Form(int index)
    {
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        doc.Load(new MemoryStream(Convert.FromBase64String(Files[index - 1]["NoiDungFile"]!.InnerText)));
        return doc;
    }

    /// <summary>Puts raw bytes in file <paramref name="index"/>, with a matching DoDaiFile.</summary>
    public DossierEditor SetFileBytes(int index, byte[] bytes) => SetFileText(index, Convert.ToBase64String(bytes));

    public DossierEditor SetFileText(int index, string base64)
    {
        var file = Files[index - 1];
        file["NoiDungFile"]!.InnerText = base64;
        file["DoDaiFile"]!.InnerText = base64.Length.ToString(CultureInfo.InvariantCulture);
        return this;
    }

    public DossierEditor SetForm(int index, XmlDocument form) => SetFileBytes(index, Serialize(form));

    /// <summary>Signs a form (at its Cky) with a certificate.</summary>
    public static XmlDocument SignForm(XmlDocument form, X509Certificate2 certificate)
    {
        new XmlSigner(certificate, IvanSigning).Sign(form, form.DocumentElement!, form.DocumentElement!["Cky"]!);
        return form;
    }

    /// <summary>Signs the dossier again (after an edit) at CKy_Dvi.</summary>
    public DossierEditor Sign(X509Certificate2 certificate)
    {
        new XmlSigner(certificate, IvanSigning).Sign(Document, Root, Root["CKy_Dvi"]!);
        return this;
    }

    public byte[] Bytes() => Serialize(Document);

    public static byte[] Serialize(XmlDocument doc)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), NewLineHandling = NewLineHandling.None }))
            doc.Save(writer);
        return stream.ToArray();
    }
}
