using System.Xml;
using EFiling.Declarations.Catalogue;

namespace EFiling.Declarations.Parsing;

/// <summary>A dossier as parsed: the envelope's own facts and each file it carries.</summary>
public sealed class ParsedDossier
{
    public required DossierDefinition Definition { get; init; }

    /// <summary>The procedure code as written (MaThuTuc), and its definition when the catalogue knows it.</summary>
    public string? ProcedureCode { get; init; }
    public ProcedureDefinition? Procedure { get; init; }

    /// <summary>The procedure's name as the dossier writes it (TenThuTuc).</summary>
    public string? ProcedureName { get; init; }

    /// <summary>The employer's MST as written in the envelope: the one entitled to sign the dossier and every form in it.</summary>
    public string? EmployerMst { get; init; }
    public string? EmployerCode { get; init; }
    public string? IvanCode { get; init; }
    public string? IvanName { get; init; }

    /// <summary>The envelope failed its schema or header: it is refused whatever else holds.</summary>
    public required bool EnvelopeRefused { get; init; }

    public required IReadOnlyList<ParsedDossierFile> Files { get; init; }
}

/// <summary>One file of a dossier (FileToKhai): what the envelope says of it and, once decoded and parsed, the form document.</summary>
public sealed class ParsedDossierFile
{
    /// <summary>1-based position among the dossier's files.</summary>
    public required int Index { get; init; }

    /// <summary>The file element's path in the dossier, e.g. /Hoso/NoiDung/ThongTinHoSo/ToKhais/FileToKhai[2]; every finding
    /// about the file or its form starts with it.</summary>
    public required string Path { get; init; }

    /// <summary>The form id as written (MaToKhai), and the form when the dossier format knows it.</summary>
    public string? FormId { get; init; }
    public DossierFormDefinition? Form { get; init; }
    public string? FileName { get; init; }
    public string? Description { get; init; }

    /// <summary>SHA-256 of the decoded form document (lower-case hex); null when it was not decoded.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The parsed form document, its root (what the signature must cover: the Reference is the whole document) and
    /// its signature block; null when the file was refused before or while parsing.</summary>
    public XmlDocument? Document { get; init; }
    public XmlElement? Root { get; init; }
    public XmlElement? SignatureBlock { get; init; }

    /// <summary>The file, or its form, failed a check of its own (size, base64, XML, schema, form).</summary>
    public required bool Refused { get; init; }

    /// <summary>The path of an element of the form document, inside the dossier: the file's path, then the element's.</summary>
    public string PathOf(XmlElement element) => Path + LocalPath.Describe(element);
}
