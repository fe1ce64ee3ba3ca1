using EFiling.Declarations.Findings;
using EFiling.Declarations.Parsing;

namespace EFiling.Validation;

/// <summary>What the service answers for a document: Valid is acknowledged; the others are refused.</summary>
public enum ValidationOutcome
{
    Valid,
    TooLarge,
    Malformed,
    Invalid,
}

/// <summary>Who signed: the certificate whose key the signature was verified with (in a valid verdict, the one that
/// verified it), never merely the first certificate in KeyInfo. The service records it with the filing's facts.</summary>
/// <param name="Thumbprint">SHA-1 thumbprint (upper-case hex), as the registry lists registered certificates.</param>
/// <param name="ThumbprintSha256">SHA-256 thumbprint (upper-case hex).</param>
public sealed record SignerSummary(string Subject, string Issuer, string SerialNumber, string Thumbprint, string ThumbprintSha256,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, string? Mst, string SignatureAlgorithm);

/// <summary>A dossier's procedure and forms, as its receipt names them.</summary>
/// <param name="Procedure">The procedure code (MaThuTuc), e.g. 600.</param>
/// <param name="ProcedureName">The procedure's name as the dossier writes it (TenThuTuc).</param>
/// <param name="EmployerCode">The unit code (ThongTinDonVi/MaSoBHXH), null on a first registration.</param>
public sealed record DossierSummary(string Procedure, string? ProcedureName, string? EmployerCode, string? IvanCode, string? IvanName,
    IReadOnlyList<DossierFormSummary> Forms);

/// <summary>One form of a dossier: its catalogue code, the id its file gives (MaToKhai), the file name, the SHA-256 of the
/// decoded form document, and the certificate that signed it.</summary>
public sealed record DossierFormSummary(int Index, string Form, string FormId, string? FileName, string Sha256, SignerSummary? Signer);

/// <summary>The verdict, with every finding (reject-level ones refuse; review and warn ones travel with the filing).</summary>
public sealed class ValidationResult
{
    public required ValidationOutcome Outcome { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>SHA-256 of the exact submitted bytes, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    public DeclarationHeader? Header { get; init; }
    /// <summary>The first (primary) signer.</summary>
    public SignerSummary? Signer { get; init; }

    /// <summary>The schema file the document was checked against, e.g. 01_GTGT_TT80_274.xsd or 01-GTGT.xsd (own).</summary>
    public string? SchemaFile { get; init; }

    /// <summary>The official version (pbanTKhaiXML) and pack the schema came from; null for the project's own schema.</summary>
    public string? SchemaVersion { get; init; }
    public string? SchemaPack { get; init; }

    /// <summary>The parse the verdict was made from (its signed part, a dossier's decoded forms), for callers that read more
    /// of it than the header: the service takes the facts reconciliation needs from it, so the stored document is never
    /// parsed again.</summary>
    public EFiling.Declarations.Parsing.ParsedDeclaration? Parsed { get; init; }

    /// <summary>Every distinct signer (taxpayer and, where one signed too, the tax agent); byte-identical copies count once.</summary>
    public IReadOnlyList<SignerSummary> Signers { get; init; } = [];

    /// <summary>For a dossier (an I-VAN <c>Hoso</c>): the procedure and each form it carries. The header is then the
    /// envelope's (its employer, month and office; the form is the dossier's first form, e.g. D02-LT), and
    /// <see cref="Signer"/> the employer's signature over the whole dossier.</summary>
    public DossierSummary? Dossier { get; init; }

    public bool IsValid => Outcome == ValidationOutcome.Valid;
}
