using System.Xml;
using System.Xml.Schema;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Findings;

namespace EFiling.Declarations.Parsing;

/// <summary>
/// Turns submitted bytes into a DOM and a typed header in one validating pass: DTDs prohibited, no resolver,
/// and the form's compiled schema set checked while the DOM is built. Every schema error is reported with its
/// line, column and element path. The <see cref="ParserLimits"/> are checked by a streaming pass first, so no DOM
/// is ever built of a document beyond them.
/// </summary>
public sealed partial class DeclarationParser(FormCatalogue catalogue, SchemaCache schemas, ParserLimits limits)
{
    // The dossiers' base64 files may hold more text than MaxTextLength (their decoded size has its own limit, checked
    // before decoding); every other element keeps the text limit.
    private readonly ParserLimits _limits = limits with
    {
        EmbeddedFilePaths = [.. catalogue.Dossiers.Select(d => $"/{d.Root}/{d.Files}/{d.FileField("content")}")],
    };

    public DeclarationParser(FormCatalogue catalogue, ParserLimits? limits = null)
        : this(catalogue, new SchemaCache(catalogue), limits ?? new ParserLimits())
    {
    }

    public ParserLimits Limits => _limits;

    public ParsedDeclaration Parse(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length > _limits.MaxDocumentBytes)
            return Refused(ParseOutcome.TooLarge, new Finding(Codes.DocumentTooLarge, Severity.Reject,
                $"The document is {bytes.Length} bytes; at most {_limits.MaxDocumentBytes} are accepted.", $"Tệp vượt quá {_limits.MaxDocumentBytes} byte."));
        if (bytes.IsEmpty || bytes.Span.Trim((byte)' ').IsEmpty)
            return Refused(ParseOutcome.Malformed, new Finding(Codes.DocumentEmpty, Severity.Reject, "The request body is empty.", "Tệp rỗng."));

        if (DocumentLimits.FirstCrossed(bytes, _limits) is { } crossed)
            return Refused(ParseOutcome.Malformed, crossed);

        FormSniffer.Result sniff;
        try
        {
            sniff = FormSniffer.Sniff(bytes, catalogue, _limits);
        }
        catch (Exception e) when (e is XmlException or LimitExceededException)
        {
            return Refused(ParseOutcome.Malformed, FromReaderException(e, "/"));
        }

        if (sniff.Family is null && sniff.RootName is { } rootName && catalogue.DossierByRoot(sniff.RootNamespace ?? "", rootName) is { } dossier)
            return ParseDossier(bytes, dossier);
        if (sniff.Family is null)
            return Refused(ParseOutcome.Invalid, new Finding(Codes.UnknownFamily, Severity.Reject,
                $"The root element is not a declaration this service accepts (namespace '{sniff.RootNamespace}'). Expected one of: {string.Join(", ", catalogue.Families.Select(f => $"{{{f.Namespace}}}{f.Root}"))}.",
                "Phần tử gốc không phải là tờ khai được hỗ trợ.", 1, 1, "/"));
        var family = sniff.Family;
        var formPath = $"/{family.Root}/{family.SignedPart}/{family.FieldPath("formId")}";
        FormSchema schema;
        switch (catalogue.Resolve(family.Id, sniff.FormId, sniff.Version, supplementary: sniff.FilingKind == "B"))
        {
            case FormResolution.Found found:
                schema = found.Schema;
                break;
            case FormResolution.UnknownVersion unknown:
                return Refused(ParseOutcome.Invalid, new Finding(Codes.UnknownFormVersion, Severity.Reject,
                    $"Form {unknown.Form.Code} (maTKhai {unknown.Form.FormId}) version '{unknown.Version}' is in no configured schema pack; "
                    + $"known versions: {string.Join(", ", unknown.KnownVersions)}.",
                    $"Phiên bản '{unknown.Version}' của tờ khai {unknown.Form.Code} chưa được hỗ trợ; các phiên bản được hỗ trợ: {string.Join(", ", unknown.KnownVersions)}.",
                    Path: family.FieldPath("formVersion") is { } v ? $"/{family.Root}/{family.SignedPart}/{v}" : formPath));
            default:
                return Refused(ParseOutcome.Invalid, new Finding(Codes.UnknownForm, Severity.Reject,
                    $"The form code '{sniff.FormId}' is not in the catalogue for {family.Id} declarations. Known: {KnownForms(family)}.",
                    $"Mã tờ khai '{sniff.FormId}' không được hỗ trợ.", Path: formPath));
        }
        var form = schema.Form;

        var findings = new List<Finding>();
        XmlDocument document;
        try
        {
            document = LoadValidated(bytes, schemas.For(schema), findings);
        }
        catch (Exception e) when (e is XmlException or LimitExceededException)
        {
            findings.Add(FromReaderException(e, null));
            return new ParsedDeclaration { Outcome = ParseOutcome.Malformed, Findings = findings, Family = family, Form = form, Schema = schema };
        }

        var root = document.DocumentElement!;
        var signedPart = LocalPath.Children(root, family.SignedPart).FirstOrDefault();
        var signatureBlock = LocalPath.Children(root, family.SignatureBlock).FirstOrDefault();
        // After a schema failure the header is read only if its part is there, to report as much as possible at once.
        var header = signedPart is null ? null : HeaderReader.Read(family, form, signedPart, findings);
        return new ParsedDeclaration
        {
            Outcome = findings.Any(f => f.Severity == Severity.Reject) || header is null ? ParseOutcome.Invalid : ParseOutcome.Parsed,
            Findings = findings,
            Document = document,
            Family = family,
            Form = form,
            Schema = schema,
            SignedPart = signedPart,
            SignatureBlock = signatureBlock,
            Header = header,
        };
    }

    private XmlDocument LoadValidated(ReadOnlyMemory<byte> bytes, XmlSchemaSet schemaSet, List<Finding> findings, ParserLimits? limits = null)
    {
        limits ??= _limits;
        var settings = SecureXml.ReaderSettings(limits.MaxDocumentBytes);
        using var tracker = new PathTrackingReader(XmlReader.Create(SecureXml.AsStream(bytes), settings), limits);

        var validating = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = schemaSet,
            // Never let the document point at schemas of its own choosing.
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings | XmlSchemaValidationFlags.ProcessIdentityConstraints,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        var reported = 0;
        validating.ValidationEventHandler += (_, e) =>
        {
            if (++reported > limits.MaxReportedErrors) return;
            var code = SchemaErrorClassifier.Classify(e.Message);
            findings.Add(new Finding(code, Severity.Reject, e.Message, null,
                e.Exception?.LineNumber ?? tracker.LineNumber, e.Exception?.LinePosition ?? tracker.LinePosition, tracker.CurrentPath));
        };

        var document = new XmlDocument { XmlResolver = null, PreserveWhitespace = true };
        using (var reader = XmlReader.Create(tracker, validating))
        {
            document.Load(reader);
        }
        if (reported > limits.MaxReportedErrors)
            findings.Add(new Finding(Codes.SchemaInvalid, Severity.Reject, $"{reported - limits.MaxReportedErrors} more schema errors were not listed."));
        return document;
    }

    /// <summary>"842 01/GTGT, 892 03/TNDN, …": every form of the family, the first 60 of them.</summary>
    private string KnownForms(FamilyDefinition family)
    {
        var forms = catalogue.AllForms.Where(f => f.Family == family.Id).Select(f => $"{f.FormId} {f.Code}").ToList();
        return forms.Count <= 60 ? string.Join(", ", forms) : string.Join(", ", forms.Take(60)) + $" and {forms.Count - 60} more (efiling schemas list)";
    }

    private static Finding FromReaderException(Exception e, string? path) => e switch
    {
        LimitExceededException limit => limit.ToFinding(),
        XmlException x when x.Message.Contains("DTD", StringComparison.Ordinal) => new Finding(Codes.DtdProhibited, Severity.Reject,
            "The document has a DOCTYPE; DTDs and entities are not allowed.", "Không cho phép khai báo DTD.", x.LineNumber, x.LinePosition, path),
        XmlException x when x.Message.Contains("Unexpected end of file", StringComparison.Ordinal) => new Finding(Codes.Truncated, Severity.Reject,
            $"The document ends too early: {x.Message}", "Tệp bị cắt cụt.", x.LineNumber, x.LinePosition, path),
        XmlException x => new Finding(Codes.Malformed, Severity.Reject, $"Not well-formed XML: {x.Message}", "Tệp không đúng định dạng XML.", x.LineNumber, x.LinePosition, path),
        _ => throw e,
    };

    private static ParsedDeclaration Refused(ParseOutcome outcome, Finding finding) =>
        new() { Outcome = outcome, Findings = [finding] };
}
