using System.Globalization;
using System.Text;
using System.Xml;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Identifiers;
using EFiling.Declarations.Parsing;
using EFiling.Signing;

namespace EFiling.Samples;

/// <summary>
/// I-VAN dossiers as employers' software sends them: each form (from its shipped example) signed by the employer on its
/// own (enveloped, Reference URI="", RSA-SHA256, KeyValue and certificate, and the unsigned signing-time Object the
/// public client's signing tool adds), carried in base64 in a FileToKhai of the Hoso envelope, which the employer then
/// signs as a whole in CKy_Dvi. Procedure 600: a D02-LT goes with a TK1-TS for its new employees; a TK3-TS alone.
/// </summary>
public sealed partial class SampleGenerator
{
    private const string Procedure = "600";

    private Sample GenerateDossier(SampleRequest request, FormDefinition requested)
    {
        var dossier = catalogue.Dossiers.FirstOrDefault(d => d.Forms.Any(f => f.Code == requested.Code))
                      ?? throw new ArgumentException($"Form {requested.Code} is carried in no dossier format (--ivan is for social-insurance forms).", nameof(request));
        if (!request.Defect.AppliesToDossiers())
            throw new ArgumentException($"Defect {request.Defect.CliName()} is not made in dossiers; these are: " +
                string.Join(", ", Enum.GetValues<SampleDefect>().Where(d => d != SampleDefect.None && d.AppliesToDossiers()).Select(d => d.CliName())) + ".", nameof(request));
        if (request.AgentMst is not null) throw new ArgumentException("A dossier is signed by the employer itself, not by a tax agent.", nameof(request));
        var procedure = dossier.Procedure(Procedure) ?? throw new InvalidOperationException($"Dossier format {dossier.Id} has no procedure {Procedure}.");
        string[] codes = requested.Code == "TK3-TS" ? ["TK3-TS"] : ["D02-LT", "TK1-TS"];

        DevPkiTaxpayerCertificate employer;
        Period period;
        string office;
        var attempts = 0;
        do
        {
            employer = request.Mst is { } m ? pki.Taxpayer(m) : PickValidTaxpayer();
            period = request.Period ?? DefaultPeriod(PeriodKind.Month);
            office = request.Office ?? OfficeDirectory.ManagingOffice(employer.Mst, dossier.Family).Code;
        }
        while (!_made.Add(("dossier:" + requested.Code, employer.Mst, period.Key, office)) && ++attempts < 500);
        var unit = OfficeDirectory.EmployerUnitCode(employer.Mst);
        var signedAt = DateTimeOffset.UtcNow;

        // The new employees: the D02-LT's TM rows and the TK1-TS's persons are the same people.
        var people = Enumerable.Range(0, _rng.Next(2, 6)).Select(_ => NewPerson()).ToList();
        var files = new List<(DossierFormDefinition Form, byte[] Bytes)>();
        for (var i = 0; i < codes.Length; i++)
        {
            var form = dossier.Forms.Single(f => f.Code == codes[i]);
            var last = i == codes.Length - 1;
            var doc = Load(_templates.TextOfSchema(form.Schema));
            var root = doc.DocumentElement!;
            switch (form.Code)
            {
                case "D02-LT": FillD02(root, people, period); break;
                case "TK1-TS": FillTk1(root, people); break;
                case "TK3-TS": FillTk3(root, employer, unit); break;
            }
            var block = LocalPath.Children(root, dossier.FormSignatureBlock).Single();
            var signer = last && request.Defect == SampleDefect.MstMismatch ? OtherValidTaxpayer(employer.Mst).Certificate : employer.Certificate;
            new XmlSigner(signer, IvanSigning(signedAt)).Sign(doc, root, block);
            if (last && request.Defect == SampleDefect.Tampered)
            {
                // After signing: only this form's signature can notice (the dossier is signed over the changed bytes).
                var changed = root.GetElementsByTagName("HoTen").OfType<XmlElement>().FirstOrDefault() ?? root.GetElementsByTagName("TenDonVi").OfType<XmlElement>().First();
                changed.InnerText += " (sửa)";
            }
            files.Add((form, Serialize(doc, bomAndCrlf: false)));
        }

        var envelope = Load(_templates.TextOfSchema(dossier.Schema));
        var hoso = envelope.DocumentElement!;
        void Set(string field, string value) => LocalPath.SelectFirst(hoso, dossier.FieldPath(field)!)!.InnerText = value;
        Set("taxpayerName", employer.Name);
        Set("employerCode", codes.Contains("TK3-TS") && _rng.Next(4) == 0 ? "" : unit);
        Set("mst", employer.Mst);
        Set("office", office);
        Set("procedureName", procedure.Name.Vi);
        Set("procedure", procedure.Code);
        Set("period", period.ToString());
        Set("preparedOn", VietnamDate(signedAt));
        Set("fileCount", files.Count.ToString(CultureInfo.InvariantCulture));

        var template = LocalPath.SelectAll(hoso, dossier.Files)[0];
        var fileElements = new List<XmlElement>();
        for (var i = 0; i < files.Count; i++)
        {
            var (form, bytes) = files[i];
            var content = Convert.ToBase64String(bytes);
            if (i == files.Count - 1 && request.Defect == SampleDefect.FileNotXml)
                content = Convert.ToBase64String("%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n"u8.ToArray());
            else if (i == files.Count - 1 && request.Defect == SampleDefect.FileTooLarge)
                // 8 million base64 characters: 6,000,000 zero bytes once decoded, over the 5 MiB limit; the dossier stays under 10 MB.
                content = new string('A', 8_000_000);
            var file = (XmlElement)template.CloneNode(deep: true);
            void SetFile(string field, string value) => LocalPath.Children(file, dossier.FileField(field)).Single().InnerText = value;
            SetFile("formId", form.Code);
            SetFile("description", form.Name.Vi);
            SetFile("fileName", form.Code + ".xml");
            SetFile("fileType", ".xml");
            SetFile("length", content.Length.ToString(CultureInfo.InvariantCulture));
            SetFile("content", content);
            fileElements.Add(file);
        }
        ReplaceRows(template, fileElements);

        var envelopeBlock = LocalPath.Children(hoso, dossier.SignatureBlock).Single();
        if (request.Defect == SampleDefect.Unsigned)
            foreach (var placeholder in envelopeBlock.ChildNodes.OfType<XmlElement>().ToList()) envelopeBlock.RemoveChild(placeholder);
        else
            new XmlSigner(employer.Certificate, IvanSigning(signedAt)).Sign(envelope, hoso, envelopeBlock);

        var mst = Mst.Parse(employer.Mst);
        var name = $"IVAN-{procedure.Code}_{requested.Code}_{mst}_{period.Key}_{++_counter:00000}{(request.Defect == SampleDefect.None ? "" : "_" + request.Defect.CliName())}.xml";
        var expected = request.Defect == SampleDefect.None ? null : request.Defect.ExpectedCode();
        return new Sample(name, Serialize(envelope, request.BomAndCrlf), files[0].Form.Code, mst, period, office, request.Defect, expected);
    }

    /// <summary>What the signing tool of public I-VAN client code writes: the whole document, enveloped, C14N 1.0 without
    /// comments, RSA-SHA256, KeyValue and the certificate in KeyInfo, and an unsigned signing time after it.</summary>
    private static XmlSignerOptions IvanSigning(DateTimeOffset at) => new()
    {
        Reference = ReferenceTarget.WholeDocument,
        Canonicalization = XmlCanonicalization.Inclusive,
        ReferenceTransforms = ReferenceTransforms.EnvelopedOnly,
        IncludeKeyValue = true,
        UnsignedSigningTime = at,
    };

    private sealed record Person(string Name, string Number, string Born, string Sex, long Salary);

    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"];
    private static readonly string[] GivenNames = ["Văn An", "Thị Bích Ngọc", "Minh Tuấn", "Thu Trang", "Quang Huy", "Thị Lan", "Đức Anh", "Hải Yến"];

    private Person NewPerson() => new(
        $"{FamilyNames[_rng.Next(FamilyNames.Length)]} {GivenNames[_rng.Next(GivenNames.Length)]}",
        string.Concat(Enumerable.Range(0, 10).Select(_ => (char)('0' + _rng.Next(10)))),
        new DateOnly(1970 + _rng.Next(35), 1 + _rng.Next(12), 1 + _rng.Next(28)).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        _rng.Next(2).ToString(CultureInfo.InvariantCulture),
        (5 + _rng.Next(40)) * 1_000_000L);

    /// <summary>One TM (new employee) row per person, copied from the example's first row; the example's other rows go.</summary>
    private static void FillD02(XmlElement root, IReadOnlyList<Person> people, Period period) =>
        FillRows(root, people, p =>
        [
            ("HoTen", p.Name), ("MasoBHXH", p.Number), ("ID", p.Number), ("TienLuong", p.Salary.ToString(CultureInfo.InvariantCulture)),
            ("TuThang", period.ToString()), ("PA", "TM"), ("NgaySinh", p.Born), ("GioiTinh", p.Sex),
        ]);

    /// <summary>The same people's TK1-TS rows.</summary>
    private static void FillTk1(XmlElement root, IReadOnlyList<Person> people) =>
        FillRows(root, people, p => [("HoTen", p.Name), ("NgaySinh", p.Born), ("GioiTinh", p.Sex), ("MasoBHXH", p.Number), ("ID", p.Number)]);

    /// <summary>A NoiDung/LaoDong row per person, each a copy of the example's first row with these columns set.</summary>
    private static void FillRows(XmlElement root, IReadOnlyList<Person> people, Func<Person, (string Column, string Value)[]> columns)
    {
        var template = LocalPath.SelectAll(root, "NoiDung/LaoDong")[0];
        var rows = people.Select((p, i) =>
        {
            var row = (XmlElement)template.CloneNode(deep: true);
            foreach (var (column, value) in columns(p).Prepend(("STT", (i + 1).ToString(CultureInfo.InvariantCulture))))
                LocalPath.Children(row, column).Single().InnerText = value;
            return row;
        }).ToList();
        ReplaceRows(template, rows);
    }

    /// <summary>Replaces every child of the template's parent by the rows, indented like the template was.</summary>
    private static void ReplaceRows(XmlElement template, IReadOnlyList<XmlElement> rows)
    {
        var list = (XmlElement)template.ParentNode!;
        var indent = template.PreviousSibling is XmlWhitespace before ? before.Value : null;
        var closing = list.LastChild is XmlWhitespace after ? after.Value : null;
        var doc = list.OwnerDocument;
        while (list.FirstChild is { } child) list.RemoveChild(child);
        foreach (var row in rows)
        {
            if (indent is not null) list.AppendChild(doc.CreateWhitespace(indent));
            list.AppendChild(row);
        }
        if (closing is not null) list.AppendChild(doc.CreateWhitespace(closing));
    }

    private static void FillTk3(XmlElement root, DevPkiTaxpayerCertificate employer, string unit)
    {
        void Set(string path, string value) => LocalPath.SelectFirst(root, path)!.InnerText = value;
        Set("NoiDung/TenDonVi", employer.Name);
        Set("NoiDung/MaDonVi", unit);
        Set("NoiDung/MaSoThue", employer.Mst);
        Set("NoiDung/SoGiayPhep", employer.Mst[..10]);
    }

    private static XmlDocument Load(string text)
    {
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        doc.LoadXml(text);
        return doc;
    }

    private static string VietnamDate(DateTimeOffset t) =>
        t.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
