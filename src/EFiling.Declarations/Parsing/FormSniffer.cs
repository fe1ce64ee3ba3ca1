using System.Xml;
using EFiling.Declarations.Catalogue;

namespace EFiling.Declarations.Parsing;

/// <summary>
/// Reads just far enough into a document to learn its family (the root's namespace) and form code, so the
/// full pass can validate against that form's schema. Stops at the form code: the header comes first.
/// </summary>
internal static class FormSniffer
{
    public sealed record Result(FamilyDefinition? Family, string? RootNamespace, string? FormId, string? Version = null, string? FilingKind = null,
        string? RootName = null);

    public static Result Sniff(ReadOnlyMemory<byte> bytes, FormCatalogue catalogue, ParserLimits limits)
    {
        using var reader = new PathTrackingReader(XmlReader.Create(SecureXml.AsStream(bytes), SecureXml.ReaderSettings(limits.MaxDocumentBytes)), limits);
        if (reader.MoveToContent() != XmlNodeType.Element) return new Result(null, null, null);
        var family = catalogue.FamilyByNamespace(reader.NamespaceURI);
        if (family is null || reader.LocalName != family.Root) return new Result(null, reader.NamespaceURI, null, RootName: reader.LocalName);

        var prefix = $"/{family.Root}/{family.SignedPart}/";
        var formTarget = prefix + family.FieldPath("formId");
        var versionTarget = family.FieldPath("formVersion") is { } v ? prefix + v : null;
        var kindTarget = family.FieldPath("filingKind") is { } k ? prefix + k : null;
        // The version (pbanTKhaiXML) is the form code's sibling: once the code is read, stop when its parent ends.
        var parent = formTarget[..formTarget.LastIndexOf('/')];
        string? formId = null, version = null, kind = null;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == family.Namespace)
            {
                var path = reader.CurrentPath;
                if (path == formTarget) formId = reader.IsEmptyElement ? null : reader.ReadElementContentAsString().Trim();
                else if (path == versionTarget) version = reader.IsEmptyElement ? null : reader.ReadElementContentAsString().Trim();
                else if (path == kindTarget) kind = reader.IsEmptyElement ? null : reader.ReadElementContentAsString().Trim();
                if (formId is not null && (version is not null || versionTarget is null) && (kind is not null || kindTarget is null)) break;
            }
            else if (formId is not null && reader.NodeType == XmlNodeType.EndElement && reader.CurrentPath == parent)
            {
                break;
            }
        }
        return new Result(family, family.Namespace, formId, version, kind);
    }
}
