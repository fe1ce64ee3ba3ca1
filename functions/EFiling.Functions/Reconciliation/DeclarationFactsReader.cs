using System.Xml;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Parsing;
using EFiling.Reconciliation;
using EFiling.Storage;
using EFiling.Validation;

namespace EFiling.Functions.Reconciliation;

/// <summary>What reconciliation needs of a declaration beyond its receipt facts, read from its parsed signed part: at
/// intake from the verdict's own parse (sent in the filing's message), or from the stored document for a message of
/// an earlier version.</summary>
public static class DeclarationFactsReader
{
    public static DeclarationFacts Read(FamilyDefinition family, DeclarationHeader header, XmlElement signedPart) => new(
        family.Id,
        family.FieldPath("employerCode") is { } path && LocalPath.Text(signedPart, path) is { Length: > 0 } code ? code.Trim() : null,
        header.AgentMst,
        FigureReader.Read(header.FormCode, signedPart));

    /// <summary>From a verdict (which parsed the document); null when it has no header or signed part.</summary>
    public static DeclarationFacts? Read(FormCatalogue catalogue, ValidationResult verdict) =>
        verdict is { Header: { } header, SignedPart: { } part } ? Read(catalogue.Family(header.Family), header, part) : null;
}
