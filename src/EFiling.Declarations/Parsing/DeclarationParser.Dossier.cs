using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Identifiers;

namespace EFiling.Declarations.Parsing;

/// <summary>
/// Dossiers: an envelope (the I-VAN <c>Hoso</c>) whose files each carry a signed form in base64. The envelope is parsed
/// and schema-checked like any declaration; then each file, in order: its form must be one the dossier format knows and
/// the procedure takes, its decoded size (computed from the length of its base64 text, before decoding anything) within
/// the limit, its base64 well-formed, its bytes XML, and that XML is parsed with the same secure reader, limits and
/// schema check as a declaration. Every finding is reported at once, with its path inside the dossier
/// (<c>…/FileToKhai[2]/D02-LT/NoiDung/LaoDong[3]/MasoBHXH</c>).
/// </summary>
public sealed partial class DeclarationParser
{
    private ParsedDeclaration ParseDossier(ReadOnlyMemory<byte> bytes, DossierDefinition dossier)
    {
        var findings = new List<Finding>();
        XmlDocument document;
        try
        {
            document = LoadValidated(bytes, schemas.ForFile(catalogue.PathOf(dossier.Schema)), findings);
        }
        catch (Exception e) when (e is XmlException or LimitExceededException)
        {
            findings.Add(FromReaderException(e, null));
            return new ParsedDeclaration { Outcome = ParseOutcome.Malformed, Findings = findings };
        }

        var root = document.DocumentElement!;
        string? Field(string name) => LocalPath.Text(root, dossier.FieldPath(name));
        string PathOf(string name) => $"/{dossier.Root}/{dossier.FieldPath(name)}";
        void Reject(string code, string path, string message, string vi) => findings.Add(new Finding(code, Severity.Reject, message, vi, Path: path));

        var mstText = Field("mst");
        var mstValid = Mst.TryParse(mstText, out var mst);
        if (!mstValid)
            Reject(Codes.HeaderMstInvalid, PathOf("mst"), $"The employer's tax code '{mstText}' is not a valid MST (10 digits with a correct check digit, optionally -NNN).",
                $"Mã số thuế của đơn vị '{mstText}' không hợp lệ.");
        var periodText = Field("period");
        if (!Period.TryParse(PeriodKind.Month, periodText, out var period))
            Reject(Codes.HeaderPeriodInvalid, PathOf("period"), $"The period '{periodText}' is not a month MM/yyyy.", $"Kỳ kê khai '{periodText}' không đúng dạng MM/yyyy.");
        var office = Field("office");
        if (office is null) Reject(Codes.HeaderOfficeMissing, PathOf("office"), "The managing social-security office code is missing.", "Thiếu mã cơ quan BHXH quản lý.");

        var procedureCode = Field("procedure");
        var procedure = dossier.Procedure(procedureCode);
        if (procedureCode is not null && procedure is null)
            Reject(Codes.DossierProcedureUnknown, PathOf("procedure"),
                $"Procedure '{procedureCode}' is not one this service takes in a {dossier.Root} dossier; it takes {string.Join(", ", dossier.Procedures.Select(p => p.Code))}.",
                $"Thủ tục '{procedureCode}' chưa được hỗ trợ; các thủ tục được hỗ trợ: {string.Join(", ", dossier.Procedures.Select(p => p.Code))}.");

        var elements = LocalPath.SelectAll(root, dossier.Files);
        if (int.TryParse(Field("fileCount"), NumberStyles.None, CultureInfo.InvariantCulture, out var declared) && declared != elements.Count)
            Reject(Codes.DossierFileCountMismatch, PathOf("fileCount"), $"The dossier says it holds {declared} file(s) but carries {elements.Count}.",
                $"Số lượng tệp khai báo ({declared}) khác số tệp trong hồ sơ ({elements.Count}).");
        var envelopeRefused = findings.Any(f => f.Severity == Severity.Reject);

        var files = new List<ParsedDossierFile>();
        if (elements.Count > dossier.Limits.MaxFiles)
        {
            // Refused before a single file is decoded: the count alone is the limit.
            Reject(Codes.DossierTooManyFiles, $"/{dossier.Root}/{dossier.Files}",
                $"The dossier carries {elements.Count} files; at most {dossier.Limits.MaxFiles} are accepted. None was decoded.",
                $"Hồ sơ có {elements.Count} tệp, vượt quá {dossier.Limits.MaxFiles} tệp cho phép.");
        }
        else
        {
            // One element budget for the whole dossier (the limit of one declaration): twenty forms just under it each would
            // otherwise cost twenty times the memory of the largest declaration.
            var elementsUsed = DomWalk.Elements(document).Count();
            for (var i = 0; i < elements.Count; i++) files.Add(ParseDossierFile(dossier, procedure, elements[i], i + 1, findings, ref elementsUsed));
        }

        var present = files.Where(f => f.Form is not null).Select(f => f.Form!.Code).ToHashSet(StringComparer.Ordinal);
        if (procedure is not null && procedure.RequiresOneOf.Count > 0 && elements.Count <= dossier.Limits.MaxFiles && !procedure.RequiresOneOf.Any(present.Contains))
            Reject(Codes.DossierFormMissing, $"/{dossier.Root}/{dossier.Files[..dossier.Files.LastIndexOf('/')]}",
                $"Procedure {procedure.Code} needs {(procedure.RequiresOneOf.Count == 1 ? "" : "one of ")}{string.Join(", ", procedure.RequiresOneOf)} among its files.",
                $"Hồ sơ thủ tục {procedure.Code} phải có {string.Join(" hoặc ", procedure.RequiresOneOf)}.");

        // The filing is named after its first form in the dossier format's order (D02-LT before TK3-TS before TK1-TS).
        var primary = dossier.Forms.FirstOrDefault(f => present.Contains(f.Code));
        var form = primary is null ? null : catalogue.FormByCode(primary.Code);
        var signatureBlock = LocalPath.Children(root, dossier.SignatureBlock).FirstOrDefault();
        DeclarationHeader? header = null;
        if (mstValid && period is not null && office is not null && form is not null)
        {
            header = new DeclarationHeader
            {
                Family = dossier.Family,
                FormCode = form.Code,
                FormId = form.FormId,
                Mst = mst,
                TaxpayerName = Field("taxpayerName"),
                Period = period.Value,
                Office = office,
                // An I-VAN dossier has no original/supplementary of its own: each one reports changes.
                FilingKind = FilingKind.Original,
                AmendmentNumber = 0,
                SoftwareName = Field("ivanName"),
                Signer = Field("signer"),
                SignedOn = Field("preparedOn"),
                EmployerCode = Field("employerCode"),
            };
        }

        return new ParsedDeclaration
        {
            Outcome = findings.Any(f => f.Severity == Severity.Reject) || header is null ? ParseOutcome.Invalid : ParseOutcome.Parsed,
            Findings = findings,
            Document = document,
            Family = catalogue.Family(dossier.Family),
            Form = form,
            Schema = form is null ? null : new FormSchema(form, catalogue.PathOf(dossier.Schema), null, null),
            SignedPart = root,
            SignatureBlock = signatureBlock,
            Header = header,
            Dossier = new ParsedDossier
            {
                Definition = dossier,
                ProcedureCode = procedureCode,
                Procedure = procedure,
                ProcedureName = Field("procedureName"),
                EmployerMst = mstText,
                EmployerCode = Field("employerCode"),
                IvanCode = Field("ivanCode"),
                IvanName = Field("ivanName"),
                EnvelopeRefused = envelopeRefused,
                Files = files,
            },
        };
    }

    private ParsedDossierFile ParseDossierFile(DossierDefinition dossier, ProcedureDefinition? procedure, XmlElement element, int index, List<Finding> findings,
        ref int elementsUsed)
    {
        var path = LocalPath.Describe(element);
        string? Child(string field) => LocalPath.Text(element, dossier.FileField(field));
        var formId = Child("formId");
        var fileName = Child("fileName");
        var label = $"File {index} ({formId ?? "?"}{(fileName is null ? "" : ", " + fileName)})";
        var before = findings.Count;
        void Reject(string code, string field, string message, string vi) =>
            findings.Add(new Finding(code, Severity.Reject, $"{label}: {message}", $"Tệp {index}: {vi}", Path: $"{path}/{dossier.FileField(field)}"));
        ParsedDossierFile Result(DossierFormDefinition? form, string? sha256 = null, XmlDocument? document = null) => new()
        {
            Index = index, Path = path, FormId = formId, Form = form, FileName = fileName, Description = Child("description"), Sha256 = sha256,
            Document = document, Root = document?.DocumentElement,
            SignatureBlock = document is null ? null : LocalPath.Children(document.DocumentElement!, dossier.FormSignatureBlock).FirstOrDefault(),
            Refused = findings.Skip(before).Any(f => f.Severity == Severity.Reject),
        };

        var form = dossier.FormById(formId);
        if (form is null)
        {
            Reject(Codes.DossierFormUnknown, "formId",
                $"'{formId}' is not a form this service takes in a dossier; it takes {string.Join(", ", dossier.Forms.Select(f => string.Join("/", f.Ids)))}, as XML (attachments such as scans are not accepted).",
                $"'{formId}' không phải là tờ khai được hỗ trợ trong hồ sơ; chỉ nhận {string.Join(", ", dossier.Forms.Select(f => f.Code))} dạng XML.");
            return Result(null);
        }
        if (procedure is not null && !procedure.Forms.Contains(form.Code, StringComparer.Ordinal))
            Reject(Codes.DossierFormNotAllowed, "formId", $"procedure {procedure.Code} does not take {form.Code}; it takes {string.Join(", ", procedure.Forms)}.",
                $"thủ tục {procedure.Code} không kèm tờ khai {form.Code}.");

        // Size first, from the text alone: a file is refused for its decoded size without decoding any of it.
        var content = LocalPath.Children(element, dossier.FileField("content")).FirstOrDefault()?.InnerText ?? "";
        if (!Base64Size(content, out var base64Length, out var decodedLength))
        {
            Reject(Codes.DossierFileNotBase64, "content", "the content is not base64.", "nội dung tệp không phải base64.");
            return Result(form);
        }
        if (decodedLength > dossier.Limits.MaxFileBytes)
        {
            Reject(Codes.DossierFileTooLarge, "content",
                $"the form is {decodedLength} bytes once decoded; at most {dossier.Limits.MaxFileBytes} are accepted. It was not decoded.",
                $"tệp có {decodedLength} byte sau khi giải mã, vượt quá {dossier.Limits.MaxFileBytes} byte cho phép.");
            return Result(form);
        }
        // DoDaiFile is the length of the base64 text in public client code; the decoded length is accepted too.
        var lengthText = Child("length");
        if (long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var declared) && declared != base64Length && declared != decodedLength)
            Reject(Codes.DossierFileLengthMismatch, "length",
                $"the declared length {declared} is neither the length of the base64 text ({base64Length}) nor of the decoded form ({decodedLength}).",
                $"độ dài tệp khai báo ({declared}) không khớp với nội dung ({base64Length}).");

        var bytes = new byte[decodedLength];
        if (!Convert.TryFromBase64String(content, bytes, out var written) || written != decodedLength)
        {
            Reject(Codes.DossierFileNotBase64, "content", "the content is not base64.", "nội dung tệp không phải base64.");
            return Result(form);
        }
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!LooksLikeXml(bytes))
        {
            Reject(Codes.DossierFileNotXml, "content", "the decoded content is not an XML document (only XML forms are accepted).",
                "nội dung tệp sau khi giải mã không phải là tài liệu XML.");
            return Result(form, sha256);
        }

        // The form document: the same limits (its own size limit), secure reader and schema check as a declaration.
        var budget = Math.Max(0, _limits.MaxElements - elementsUsed);
        var limits = _limits with { MaxDocumentBytes = dossier.Limits.MaxFileBytes, EmbeddedFilePaths = [], MaxElements = Math.Min(_limits.MaxElements, budget) };
        var inner = new List<Finding>();
        XmlDocument? document = null;
        if (DocumentLimits.FirstCrossed(bytes, limits) is { } crossed)
            inner.Add(crossed.Code == Codes.DocumentTooManyElements && budget < _limits.MaxElements
                ? crossed with { Message = $"The dossier and its forms have more than {_limits.MaxElements} elements together (the limit of one declaration); this form was not read." }
                : crossed);
        else
        {
            try
            {
                document = LoadValidated(bytes, schemas.ForFile(catalogue.PathOf(form.Schema)), inner, limits);
            }
            catch (Exception e) when (e is XmlException or LimitExceededException)
            {
                inner.Add(FromReaderException(e, null));
            }
        }
        // DomWalk, not GetElementsByTagName: its list's finalizer would keep each form's DOM alive a collection longer.
        if (document is not null) elementsUsed += DomWalk.Elements(document).Count();
        // Lines and columns count in the decoded form, not in the dossier: they go into the message, the path says where.
        findings.AddRange(inner.Select(f => f with
        {
            Message = $"{label}: {f.Message}{(f.Line is null ? "" : $" (line {f.Line}, column {f.Column} of the form)")}",
            MessageVi = f.MessageVi is null ? null : $"Tệp {index}: {f.MessageVi}",
            Line = null, Column = null,
            Path = path + (f.Path is { Length: > 1 } p ? p : ""),
        }));
        if (document?.DocumentElement is { } formRoot && (formRoot.NamespaceURI.Length != 0 || !form.Roots.Contains(formRoot.LocalName, StringComparer.Ordinal)))
            Reject(Codes.DossierFormMismatch, "formId", $"the file says it is {formId} but holds a <{formRoot.Name}> document; {form.Code} is <{string.Join("> or <", form.Roots)}>.",
                $"tệp khai là {formId} nhưng nội dung là <{formRoot.Name}>.");
        return Result(form, sha256, document);
    }

    /// <summary>The length of a base64 text without its whitespace, and the number of bytes it decodes to, read without
    /// decoding; false when a character is not base64, the padding is misplaced or the length is not a multiple of 4.</summary>
    private static bool Base64Size(string text, out long length, out long decoded)
    {
        length = 0;
        decoded = 0;
        var padding = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\r' or '\n') continue;
            if (c == '=')
            {
                if (++padding > 2) return false;
            }
            else if (padding > 0 || !(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/'))
            {
                return false;
            }
            length++;
        }
        if (length == 0 || length % 4 != 0) return false;
        decoded = length / 4 * 3 - padding;
        return true;
    }

    /// <summary>Starts like an XML document: after a byte-order mark and whitespace, "&lt;" (UTF-8), or a UTF-16 byte-order mark.</summary>
    private static bool LooksLikeXml(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return true;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        span = span.TrimStart(" \t\r\n"u8);
        return span.Length > 0 && span[0] == (byte)'<';
    }
}
