using System.Xml;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Parsing;
using EFiling.Storage;
using EFiling.Validation;

namespace EFiling.Intake;

/// <summary>What reconciliation needs of a declaration beyond its receipt facts, read from its parse: at intake from the
/// verdict's own parse (sent in the filing's message), or from the stored document for a message of an earlier
/// version. For an I-VAN dossier the unit code is the envelope's and the figures are those of the forms it carries.</summary>
public static class DeclarationFactsReader
{
    public static DeclarationFacts Read(ParsedDeclaration parsed)
    {
        if (parsed is not { Family: { } family, Header: { } header })
            throw new ArgumentException("The filing has no family or header.", nameof(parsed));
        return new(family.Id, header.EmployerCode is { Length: > 0 } code ? code.Trim() : null, header.AgentMst, FigureReader.Read(parsed));
    }

    /// <summary>From a verdict (which parsed the document); null when it has no header or signed part.</summary>
    public static DeclarationFacts? Read(ValidationResult verdict) =>
        verdict.Parsed is { Header: not null, SignedPart: not null, Family: not null } parsed ? Read(parsed) : null;
}
