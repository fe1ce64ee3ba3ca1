using EFiling.Declarations.Identifiers;

namespace EFiling.Declarations.Parsing;

/// <summary>Original (chính thức, "C") or supplementary (bổ sung, "B").</summary>
public enum FilingKind
{
    Original,
    Supplementary,
}

/// <summary>The typed header of a declaration: everything the service needs to route, index and check it.</summary>
public sealed record DeclarationHeader
{
    public required string Family { get; init; }
    public required string FormCode { get; init; }
    public required string FormId { get; init; }
    public required Mst Mst { get; init; }
    public string? TaxpayerName { get; init; }
    public required Period Period { get; init; }
    public required string Office { get; init; }
    public string? OfficeName { get; init; }
    public required FilingKind FilingKind { get; init; }

    /// <summary>0 for an original; n for the n-th supplementary (soLan).</summary>
    public required int AmendmentNumber { get; init; }

    public string? SoftwareName { get; init; }
    public string? SoftwareVersion { get; init; }
    public string? Signer { get; init; }
    public string? SignedOn { get; init; }

    /// <summary>The tax agent's MST (<c>DLyThue/mstDLyThue</c>) when an agent prepared and may have signed the
    /// declaration; null when the block is absent or empty.</summary>
    public string? AgentMst { get; init; }

    /// <summary>The social-insurance unit code (maDonVi, or a dossier's ThongTinDonVi/MaSoBHXH); null for tax forms and a
    /// first registration.</summary>
    public string? EmployerCode { get; init; }

    /// <summary>The id attribute of the signed part, which the signature's Reference must name.</summary>
    public string? SignedPartId { get; init; }
}
