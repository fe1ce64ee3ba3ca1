using System.Xml;
using EFiling.Declarations.Catalogue;
using EFiling.Declarations.Findings;

namespace EFiling.Declarations.Parsing;

/// <summary>How far a document got through parsing; decides the HTTP status of a refusal.</summary>
public enum ParseOutcome
{
    /// <summary>Well-formed, schema-valid, header readable (rules and signature still to come).</summary>
    Parsed,

    /// <summary>Larger than the limit: not even read.</summary>
    TooLarge,

    /// <summary>Not XML, truncated, has a DTD, or nests too deep.</summary>
    Malformed,

    /// <summary>Well-formed XML that is not a valid declaration (unknown form, schema or header errors).</summary>
    Invalid,
}

/// <summary>The result of the one parsing pass: the DOM the signature is checked on, and what was read from it.</summary>
public sealed class ParsedDeclaration
{
    public required ParseOutcome Outcome { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }
    public XmlDocument? Document { get; init; }
    public FamilyDefinition? Family { get; init; }
    public FormDefinition? Form { get; init; }

    /// <summary>The schema the document was checked against: the project's own, or an official pack's version.</summary>
    public FormSchema? Schema { get; init; }

    /// <summary>The element the header and figures were read from; the signature must cover exactly this one.</summary>
    public XmlElement? SignedPart { get; init; }

    public XmlElement? SignatureBlock { get; init; }
    public DeclarationHeader? Header { get; init; }

    /// <summary>For a dossier (an I-VAN <c>Hoso</c>): the envelope's own facts and each form it carries, parsed. The
    /// header then comes from the envelope, <see cref="SignedPart"/> is its root (its signature covers the whole
    /// dossier) and <see cref="SignatureBlock"/> the employer's signature block.</summary>
    public ParsedDossier? Dossier { get; init; }
}
