using System.Xml;
using System.Xml.Schema;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Parsing;

namespace EFiling.Statistics;

/// <summary>
/// Reads a payment notice (schemas/payments/payment-notice.xsd, urn:efiling:vn:nopthue:v1) with the secure reader
/// settings (no DTD, no resolver, bounded size, the parser's limits) and validates it against its closed schema in the same pass.
/// </summary>
public sealed class PaymentNotice(ChannelItems items, string schemasFolder)
{
    public const string Namespace = "urn:efiling:vn:nopthue:v1";
    private readonly Lazy<XmlSchemaSet> _schemas = new(() =>
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        using var reader = XmlReader.Create(Path.Combine(schemasFolder, "payments", "payment-notice.xsd"),
            new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        set.Add(Namespace, reader);
        set.Compile();
        return set;
    });

    public (CountedItem? Item, List<InputError> Errors) Parse(ReadOnlyMemory<byte> bytes, long maxBytes)
    {
        var errors = new List<InputError>();
        if (bytes.IsEmpty) return (null, [new InputError(Codes.DocumentEmpty, "The body is empty.")]);
        if (DocumentLimits.FirstCrossed(bytes, new ParserLimits { MaxDocumentBytes = maxBytes }) is { } crossed)
            return (null, [new InputError(crossed.Code, crossed.Message, crossed.Line)]);
        var settings = SecureXml.ReaderSettings(maxBytes);
        settings.ValidationType = ValidationType.Schema;
        settings.Schemas = _schemas.Value;
        settings.ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add(new InputError(Codes.SchemaInvalid, e.Message, e.Exception?.LineNumber));

        var fields = new Dictionary<string, string>();
        try
        {
            using var reader = XmlReader.Create(SecureXml.AsStream(bytes), settings);
            string? current = null;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element) current = reader.Depth == 1 && reader.NamespaceURI == Namespace ? reader.LocalName : null;
                else if (reader.NodeType is XmlNodeType.Text && current is not null) fields[current] = reader.Value.Trim();
            }
        }
        catch (XmlException e)
        {
            var code = e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase) ? Codes.DtdProhibited : Codes.Malformed;
            return (null, [new InputError(code, e.Message, e.LineNumber)]);
        }
        if (errors.Count > 0) return (null, errors);
        return items.Payment(fields.GetValueOrDefault("soThamChieu"), fields.GetValueOrDefault("mst"), fields.GetValueOrDefault("soTien"),
            fields.GetValueOrDefault("ngayNop"), fields.GetValueOrDefault("kenhNop"), fields.GetValueOrDefault("maCQT"), fields.GetValueOrDefault("tenCQT"));
    }
}
