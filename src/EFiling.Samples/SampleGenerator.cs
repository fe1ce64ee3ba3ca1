using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Identifiers;
using EFiling.Declarations.Parsing;
using EFiling.Declarations.Rules;
using EFiling.Signing;

namespace EFiling.Samples;

/// <summary>
/// Makes realistic signed declarations from the shipped templates: a taxpayer from the dev PKI, a period,
/// an office, fresh figures where the form has a generator (01/GTGT), signed the way HTKK signs — and, on
/// request, one defect made on purpose at the stage where it belongs (bytes, content, signing, signature).
/// </summary>
public sealed partial class SampleGenerator(FormCatalogue catalogue, DevPki pki, int seed = 1)
{
    private readonly Random _rng = new(seed);
    private readonly SampleTemplates _templates = new(catalogue);
    private readonly RuleBook _rules = new(catalogue);
    private readonly HashSet<(string Form, string Mst, string Period, string Office)> _made = [];
    private int _counter;

    public Sample Generate(SampleRequest request)
    {
        var form = catalogue.FormByCode(request.FormCode) ?? throw new ArgumentException($"Unknown form '{request.FormCode}'.", nameof(request));
        if (request.Ivan || catalogue.DossierForms.Contains(form)) return GenerateDossier(request, form);
        if (!request.Defect.AppliesToDeclarations())
            throw new ArgumentException($"Defect {request.Defect.CliName()} is made in dossiers only (--ivan).", nameof(request));
        var family = catalogue.Family(form.Family);
        var agent = request.AgentMst is { } agentMst ? pki.Agent(agentMst) : null;
        if (agent is not null && (family.FieldPath("agentMst") is null || request.Defect != SampleDefect.None))
            throw new ArgumentException($"An agent-signed sample needs a tax form with a DLyThue block and no defect ({form.Code}, {request.Defect}).", nameof(request));
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        doc.LoadXml(_templates.TextOf(form));
        var signedPart = LocalPath.Children(doc.DocumentElement!, family.SignedPart).Single();
        var block = LocalPath.Children(doc.DocumentElement!, family.SignatureBlock).Single();

        var kind = PeriodKindOfTemplate(family, signedPart);
        // Re-draw what the request leaves open until the declaration is a new one: identical content would
        // be identical bytes (RSA PKCS#1 v1.5 signatures are deterministic), which the service answers with 200.
        DevPkiTaxpayerCertificate taxpayer, certificate;
        Period period;
        string office;
        var attempts = 0;
        do
        {
            taxpayer = request.Mst is { } m ? pki.Taxpayer(m) : PickValidTaxpayer();
            certificate = request.Defect switch
            {
                SampleDefect.ExpiredCertificate => pki.FirstOf(DevCertificateKind.Expired),
                SampleDefect.RevokedCertificate => pki.FirstOf(DevCertificateKind.Revoked),
                _ => taxpayer,
            };
            period = request.Period ?? DefaultPeriod(kind);
            office = request.Office ?? OfficeDirectory.ManagingOffice(certificate.Mst, family.Id).Code;
        }
        while (!_made.Add((form.Code, certificate.Mst, period.Key, office)) && ++attempts < 500);
        // A declaration is signed by its own taxpayer: for the certificate defects the taxpayer follows the certificate.
        var mst = Mst.Parse(certificate.Mst);

        WriteHeader(family, signedPart, mst, certificate.Name, period, office);
        if (agent is not null) WriteAgent(signedPart, family, agent);
        if (form.Code == "01/GTGT") GtgtFigures.Fill(signedPart, _rng, request.AppendixRows ?? _rng.Next(3, 13), period.ToString(), request.RefundRequest);

        string? expected = request.Defect == SampleDefect.None ? null : request.Defect.ExpectedCode();
        switch (request.Defect)
        {
            case SampleDefect.UnknownElement:
                var extra = doc.CreateElement("ghiChuThem", family.Namespace);
                extra.InnerText = "hidden";
                LocalPath.SelectFirst(signedPart, "TTinChung")!.AppendChild(extra);
                break;
            case SampleDefect.MstCheckDigit:
                var bad = mst.Parent[..9] + (char)('0' + (mst.Parent[9] - '0' + 1) % 10);
                LocalPath.SelectFirst(signedPart, family.FieldPath("mst")!)!.InnerText = bad;
                break;
            case SampleDefect.PeriodMismatch:
                // A quarter written where the kind says year (or a year where it says month): schema-valid, header-invalid.
                LocalPath.SelectFirst(signedPart, family.FieldPath("period")!)!.InnerText = kind == PeriodKind.Year ? "3/2025" : "2025";
                break;
            case SampleDefect.Arithmetic:
                expected = BreakFirstArithmeticRule(form, signedPart);
                break;
        }

        if (request.Defect != SampleDefect.Unsigned)
        {
            var signingCert = request.Defect switch
            {
                SampleDefect.UntrustedRoot => SelfSigned(mst.ToString(), certificate.Name),
                SampleDefect.MstMismatch => OtherValidTaxpayer(certificate.Mst).Certificate,
                _ => agent?.Certificate ?? certificate.Certificate,
            };
            var options = new XmlSignerOptions { Hash = request.Defect == SampleDefect.Sha1 ? SignatureHash.Sha1 : SignatureHash.Sha256 };
            new XmlSigner(signingCert, options).Sign(doc, signedPart, block);
        }
        else
        {
            foreach (var placeholder in block.ChildNodes.OfType<XmlElement>().ToList()) block.RemoveChild(placeholder);
        }

        ApplySignatureDefect(request.Defect, doc, signedPart, block, family);
        var bytes = ApplyByteDefect(request.Defect, Serialize(doc, request.BomAndCrlf), family.SignedPart);
        var name = $"{form.Code.Replace('/', '-')}_{mst}_{period.Key}_{++_counter:00000}{(request.Defect == SampleDefect.None ? "" : "_" + request.Defect.CliName())}.xml";
        return new Sample(name, bytes, form.Code, mst, period, office, request.Defect, expected);
    }

    private DevPkiTaxpayerCertificate PickValidTaxpayer()
    {
        var valid = pki.Taxpayers.Where(t => t.Kind == DevCertificateKind.Valid).ToList();
        return valid[_rng.Next(valid.Count)];
    }

    private DevPkiTaxpayerCertificate OtherValidTaxpayer(string mst) =>
        pki.Taxpayers.First(t => t.Kind == DevCertificateKind.Valid && t.Mst != mst);

    private static PeriodKind PeriodKindOfTemplate(FamilyDefinition family, XmlElement signedPart) =>
        PeriodKindCodes.TryParse(LocalPath.Text(signedPart, family.FieldPath("periodKind")), out var k) ? k : PeriodKind.Month;

    /// <summary>
    /// An ended period of the template's kind: mostly the last one, sometimes one of the fifteen before it (late
    /// filers), so that large sample sets stay unique per taxpayer and period.
    /// </summary>
    private Period DefaultPeriod(PeriodKind kind)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var back = _rng.Next(4) == 0 ? 0 : _rng.Next(16);
        var month = today.AddMonths(-1 - back);
        var quarterEnd = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1).AddMonths(-3 * back).AddDays(-1);
        return kind switch
        {
            PeriodKind.Month => Period.Month(month.Year, month.Month),
            PeriodKind.Quarter => Period.Quarter(quarterEnd.Year, (quarterEnd.Month + 2) / 3),
            PeriodKind.Year => Period.OfYear(today.Year - 1 - back / 4),
            _ => Period.Occurrence(today.AddDays(-_rng.Next(1, 9))),
        };
    }

    private static void WriteHeader(FamilyDefinition family, XmlElement signedPart, Mst mst, string name, Period period, string office)
    {
        void Set(string field, string value)
        {
            if (family.FieldPath(field) is { } path && LocalPath.SelectFirst(signedPart, path) is { } e) e.InnerText = value;
        }

        Set("mst", mst.ToString());
        // A registered employer's unit code; a first registration (empty in the template) stays empty.
        if (family.FieldPath("employerCode") is { } unit && LocalPath.Text(signedPart, unit) is not null) Set("employerCode", OfficeDirectory.EmployerUnitCode(mst.ToString()));
        Set("taxpayerName", name);
        Set("periodKind", period.Kind.ToCode());
        Set("period", period.ToString());
        Set("periodFrom", period.Start.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        Set("periodTo", period.End.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
        Set("office", office);
        if (OfficeDirectory.All.FirstOrDefault(o => o.Code == office) is { } known) Set("officeName", known.Name);
        Set("filingKind", "C");
        Set("amendmentNumber", "0");
    }

    /// <summary>
    /// The DLyThue block (after NNT, as in TKhaiThue.xsd of HTKK 5.1.7): the agent's MST and name, an address, its
    /// service contract with the taxpayer and the employee who prepared the declaration. Replaces one already there.
    /// </summary>
    private static void WriteAgent(XmlElement signedPart, FamilyDefinition family, DevPkiTaxpayerCertificate agent)
    {
        var doc = signedPart.OwnerDocument;
        var nnt = LocalPath.SelectFirst(signedPart, "TTinChung/TTinTKhaiThue/NNT")
                  ?? throw new InvalidOperationException("The template has no TTinChung/TTinTKhaiThue/NNT.");
        if (LocalPath.SelectFirst(signedPart, "TTinChung/TTinTKhaiThue/DLyThue") is { } old) old.ParentNode!.RemoveChild(old);
        XmlElement E(string name, string text = "")
        {
            var e = doc.CreateElement(name, family.Namespace);
            if (text.Length > 0) e.InnerText = text;
            return e;
        }
        var hcm = agent.Mst.StartsWith("03", StringComparison.Ordinal);
        var block = E("DLyThue");
        foreach (var e in new[]
                 {
                     E("mstDLyThue", agent.Mst), E("tenDLyThue", agent.Name), E("dchiDLyThue", hcm ? "Số 12 đường Lê Thánh Tôn" : "Số 5 phố Trần Hưng Đạo"),
                     E("maHuyenDLyThue"), E("tenHuyenDLyThue"), E("maTinhDLyThue", hcm ? "701" : "101"),
                     E("tenTinhDLyThue", hcm ? "Thành phố Hồ Chí Minh" : "Thành phố Hà Nội"), E("dthoaiDLyThue", hcm ? "028 3822 4567" : "024 3933 1122"),
                     E("faxDLyThue"), E("emailDLyThue", "khaithue@" + agent.Mst + ".example"),
                     E("soHDongDLyThue", $"01/2025/HĐDV-{agent.Mst[..4]}"), E("ngayKyHDDLyThue", "02/01/2025"),
                 })
            block.AppendChild(e);
        var staff = E("NVienDLy");
        staff.AppendChild(E("tenNVienDLyThue", "Lê Hoàng Yến"));
        staff.AppendChild(E("cchiHNghe", "003456/CCHN-ĐLT"));
        block.AppendChild(staff);
        nnt.ParentNode!.InsertAfter(block, nnt);
    }

    /// <summary>Changes the left-hand figure of the form's first reject-level equality and returns that rule's code.</summary>
    private string BreakFirstArithmeticRule(FormDefinition form, XmlElement signedPart)
    {
        var rules = _rules.For(form) ?? throw new InvalidOperationException($"Form {form.Code} has no rules to break.");
        foreach (var rule in rules.Rules.Where(r => r.Assert is not null && r.Severity == Declarations.Findings.Severity.Reject))
        {
            var left = Regex.Match(rule.Assert!, @"^\s*(\w+)\s*=[^=]");
            if (!left.Success || !rules.Values.TryGetValue(left.Groups[1].Value, out var value) || value.Aggregate != ValueAggregate.Single) continue;
            if (LocalPath.SelectFirst(signedPart, value.Path) is not { } element) continue;
            var current = long.TryParse(element.InnerText, out var n) ? n : 0;
            element.InnerText = (current + 1_000).ToString(CultureInfo.InvariantCulture);
            return rule.Code;
        }
        throw new InvalidOperationException($"Form {form.Code} has no equality rule on a single figure.");
    }

    private static void ApplySignatureDefect(SampleDefect defect, XmlDocument doc, XmlElement signedPart, XmlElement block, FamilyDefinition family)
    {
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("ds", XmlDsigAlgorithms.DsigNamespace);
        var reference = block.SelectSingleNode("ds:Signature/ds:SignedInfo/ds:Reference", ns) as XmlElement;
        switch (defect)
        {
            case SampleDefect.Tampered:
                // A change that breaks no business rule: only the signature can notice it.
                var name = LocalPath.SelectFirst(signedPart, family.FieldPath("taxpayerName")!)!;
                name.InnerText += " (sửa)";
                break;
            case SampleDefect.Wrapped:
                // The signed original hides in a ds:Object; a forged copy with other figures stands where the parser reads.
                var signature = (XmlElement)block.SelectSingleNode("ds:Signature", ns)!;
                var hidden = doc.CreateElement("Object", XmlDsigAlgorithms.DsigNamespace);
                hidden.AppendChild(signedPart.CloneNode(deep: true));
                signature.AppendChild(hidden);
                signedPart.SetAttribute("id", "ID_FORGED");
                LocalPath.SelectFirst(signedPart, family.FieldPath("taxpayerName")!)!.InnerText += " (giả mạo)";
                break;
            case SampleDefect.DuplicateId:
                var copy = (XmlElement)signedPart.CloneNode(deep: true);
                doc.DocumentElement!.InsertBefore(copy, block);
                break;
            case SampleDefect.XsltTransform:
                AddTransform(doc, reference!, "http://www.w3.org/TR/1999/REC-xslt-19991116");
                break;
            case SampleDefect.XPathTransform:
                AddTransform(doc, reference!, "http://www.w3.org/TR/1999/REC-xpath-19991116");
                break;
            case SampleDefect.ExternalReference:
                reference!.SetAttribute("URI", "file:///etc/passwd");
                break;
        }
    }

    private static void AddTransform(XmlDocument doc, XmlElement reference, string algorithm)
    {
        var transforms = reference.GetElementsByTagName("Transforms", XmlDsigAlgorithms.DsigNamespace).OfType<XmlElement>().FirstOrDefault();
        if (transforms is null)
        {
            transforms = doc.CreateElement("ds", "Transforms", XmlDsigAlgorithms.DsigNamespace);
            reference.PrependChild(transforms);
        }
        var transform = doc.CreateElement("ds", "Transform", XmlDsigAlgorithms.DsigNamespace);
        transform.SetAttribute("Algorithm", algorithm);
        transforms.AppendChild(transform);
    }

    private static byte[] ApplyByteDefect(SampleDefect defect, byte[] bytes, string signedPart)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var afterDeclaration = text.StartsWith("<?xml", StringComparison.Ordinal) ? text.IndexOf("?>", StringComparison.Ordinal) + 2 : 0;
        string Insert(string dtd) => text[..afterDeclaration] + dtd + text[afterDeclaration..];
        // The bombs go on or into the signed part, where the signature check would otherwise have to digest them.
        var signedStart = Regex.Match(text, $@"<{signedPart}(?=[\s>])");
        string OnSignedPart(string attributes) => text[..(signedStart.Index + signedStart.Length)] + attributes + text[(signedStart.Index + signedStart.Length)..];
        string InSignedPart(string content)
        {
            var end = text.IndexOf('>', signedStart.Index) + 1;
            return text[..end] + content + text[end..];
        }
        return defect switch
        {
            SampleDefect.NotXml => "%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n"u8.ToArray(),
            SampleDefect.Truncated => bytes[..(bytes.Length * 2 / 3)],
            SampleDefect.Xxe => Encoding.UTF8.GetBytes(Insert($"\n<!DOCTYPE {RootName(text)} [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>")
                .Replace("<nguoiKy>", "<nguoiKy>&xxe;")),
            SampleDefect.EntityBomb => Encoding.UTF8.GetBytes(Insert($"\n<!DOCTYPE {RootName(text)} [" + string.Concat(Enumerable.Range(1, 9)
                .Select(i => $"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">")) + "<!ENTITY l0 \"lol\">]>")
                .Replace("<nguoiKy>", "<nguoiKy>&l9;")),
            // 100,000 levels (300 KB): refused at the 33rd.
            SampleDefect.TooDeep => Encoding.UTF8.GetBytes(text.Replace("<nguoiKy>", string.Concat(Enumerable.Repeat("<x>", 100_000)) + "<nguoiKy>")),
            // 800,000 attributes on the signed element (~8.8 MB), as issue 11 measured: 60 s and 1.28 GB before the limits.
            SampleDefect.ManyAttributes => Encoding.UTF8.GetBytes(OnSignedPart(string.Concat(Enumerable.Range(0, 800_000).Select(i => $" a{i}=\"\"")))),
            // 2 million empty elements (8 MB).
            SampleDefect.ManyElements => Encoding.UTF8.GetBytes(InSignedPart(string.Concat(Enumerable.Repeat("<x/>", 2_000_000)))),
            // One element name of a million characters.
            SampleDefect.LongName => Encoding.UTF8.GetBytes(InSignedPart($"<{new string('x', 1_000_000)}/>")),
            // 300,000 namespace declarations on the signed element (~8 MB): attributes too, for the parser.
            SampleDefect.ManyNamespaces => Encoding.UTF8.GetBytes(OnSignedPart(string.Concat(Enumerable.Range(0, 300_000).Select(i => $" xmlns:n{i}=\"urn:n{i}\"")))),
            // One text node of 9 million characters, in an element of the signed part.
            SampleDefect.HugeText => Encoding.UTF8.GetBytes(text.Replace("<nguoiKy>", "<nguoiKy>" + new string('A', 9_000_000))),
            _ => bytes,
        };
    }

    private static string RootName(string text) => Regex.Match(text, @"<(\w+)[\s>]").Groups[1].Value is var r && r == "xml" ? "HSoThueDTu" : r;

    private static X509Certificate2 SelfSigned(string mst, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(DevPki.TaxpayerSubject(mst, name), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    private static byte[] Serialize(XmlDocument doc, bool bomAndCrlf)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(bomAndCrlf), NewLineHandling = NewLineHandling.None }))
        {
            doc.Save(writer);
        }
        var bytes = stream.ToArray();
        if (!bomAndCrlf) return bytes;
        // Parsers turn CRLF back into LF before canonicalisation, so CRLF after signing leaves the signature valid,
        // exactly as with files that Windows tools save.
        return Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes.AsSpan(3)).Replace("\n", "\r\n"))).ToArray();
    }
}
