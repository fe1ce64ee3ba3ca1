using EFiling.Declarations.Findings;
using EFiling.Declarations.Identifiers;
using EFiling.Registry;

namespace EFiling.Reconciliation;

/// <summary>The filing being reconciled, as read from its stored document (trusted: it passed intake) and its record.</summary>
public sealed record FilingUnderCheck
{
    public required string Id { get; init; }
    public required string Form { get; init; }
    public required string Family { get; init; }
    public required string Mst { get; init; }
    public required string Office { get; init; }
    public required Period Period { get; init; }
    public required bool IsSupplementary { get; init; }
    public required int AmendmentNumber { get; init; }
    public required DateTimeOffset ReceivedAtUtc { get; init; }

    /// <summary>The social-insurance unit code (maDonVi); null for tax forms or a first registration.</summary>
    public string? EmployerCode { get; init; }

    /// <summary>The signer intake verified and recorded: its certificate's SHA-1 thumbprint (upper-case hex) and the MST in
    /// its subject. Both null for a filing stored without that record (never read from KeyInfo instead).</summary>
    public string? SignerThumbprint { get; init; }
    public string? SignerMst { get; init; }

    /// <summary>The tax agent named in the declaration (<c>DLyThue/mstDLyThue</c>); null without that block.</summary>
    public string? AgentMst { get; init; }

    /// <summary>Signed by the DLyThue agent: the signer certificate's MST is the agent's, not the taxpayer's (nor, for a
    /// branch, its parent's). Such a filing is checked against the agent's registry row and engagements.</summary>
    public bool SignedByAgent => AgentMst is { } agent && SignerMst == agent && agent != Mst && agent != Mst.Split('-')[0];

    /// <summary>Named figures read from the document (see <see cref="FigureReader"/>).</summary>
    public IReadOnlyDictionary<string, long> Figures { get; init; } = new Dictionary<string, long>();
}

/// <summary>Another filing of the same taxpayer, form and period, as stored.</summary>
public sealed record SiblingFiling(string Id, bool IsSupplementary, int AmendmentNumber, string Status, DateTimeOffset ReceivedAtUtc)
{
    public bool IsOnFile => Status is "Accepted" or "NeedsReview" or "Received";
    public bool IsAccepted => Status == "Accepted";
}

/// <summary>The other family's employee count for the same employer and month (or its quarter).</summary>
public sealed record EmployeeCounterpart(string FilingId, string Form, string PeriodKey, long Employees);

/// <summary>Everything the checks look at. Built by the caller from storage; the checks only read it.</summary>
public sealed record ReconciliationContext
{
    public required FilingUnderCheck Filing { get; init; }
    public TaxpayerRecord? Taxpayer { get; init; }
    public EmployerRecord? Employer { get; init; }

    /// <summary>The DLyThue agent's own taxpayers row (its certificates), loaded when the filing is signed by the agent.</summary>
    public TaxpayerRecord? Agent { get; init; }

    /// <summary>That agent's engagements by the filing's taxpayer (every period on record), loaded with <see cref="Agent"/>.</summary>
    public IReadOnlyList<AgentEngagementRecord> Engagements { get; init; } = [];

    /// <summary>The due date of the filing's period (already moved past weekends and holidays), null when none.</summary>
    public DateOnly? DueDate { get; init; }

    public IReadOnlyList<SiblingFiling> Siblings { get; init; } = [];

    /// <summary>The history figure (<see cref="FigureReader.HistoryFigure"/>) of earlier periods' accepted filings.</summary>
    public IReadOnlyList<long> History { get; init; } = [];

    public IReadOnlyList<EmployeeCounterpart> Counterparts { get; init; } = [];

    /// <summary>Review and warn findings the intake kept (business rules such as a VAT refund request).</summary>
    public IReadOnlyList<Finding> IntakeFindings { get; init; } = [];

    /// <summary>The signer chain's revocation checked again at reconciliation, when intake could not establish it
    /// (CERT_REVOCATION_UNKNOWN among <see cref="IntakeFindings"/>); null when not re-checked.</summary>
    public RevocationRecheck? Revocation { get; init; }

    /// <summary>False on the last delivery a waiting filing gets: then it must be decided.</summary>
    public bool MayWait { get; init; }
}

public enum RevocationRecheckOutcome
{
    Good,
    Revoked,
    Unknown,
}

/// <summary>What a later revocation check of the stored signer chain said, at the original receipt time.</summary>
/// <param name="Code">CERT_REVOKED or CERT_ISSUER_REVOKED when revoked.</param>
public sealed record RevocationRecheck(RevocationRecheckOutcome Outcome, string? Code = null, string Message = "");
