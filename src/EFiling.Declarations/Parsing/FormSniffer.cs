using System.Xml;
using EFiling.Declarations.Catalogue;

namespace EFiling.Declarations.Parsing;

/// <summary>
/// Reads just far enough into a document to learn its family (the root's namespace) and form code, so the
/// full pass can validate against that form's schema. Stops at the form code: the header comes first.
/// </summary>
internal static class FormSniffer
{
    public sealed record Result(FamilyDefinition? Family, string? RootNamespace, string? FormId);

    public static Result Sniff(ReadOnlyMemory<byte> bytes, FormCatalogue catalogue, ParserLimits limits)
    {
        using var reader = new PathTrackingReader(XmlReader.Create(SecureXml.AsStream(bytes), SecureXml.ReaderSettings(limits.MaxDocumentBytes)), limits.MaxDepth);
        if (reader.MoveToContent() != XmlNodeType.Element) return new Result(null, null, null);
        var family = catalogue.FamilyByNamespace(reader.NamespaceURI);
        if (family is null || reader.LocalName != family.Root) return new Result(null, reader.NamespaceURI, null);

        var target = $"/{family.Root}/{family.SignedPart}/{family.FieldPath("formId")}";
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == family.Namespace && reader.CurrentPath == target)
                return new Result(family, family.Namespace, reader.IsEmptyElement ? null : reader.ReadElementContentAsString().Trim());
        }
        return new Result(family, family.Namespace, null);
    }
}
