using EFiling.Declarations.Identifiers;

namespace EFiling.Samples;

/// <summary>What to generate. Unset values are drawn from the generator's seeded random source.</summary>
public sealed record SampleRequest
{
    public required string FormCode { get; init; }
    public SampleDefect Defect { get; init; }

    /// <summary>The taxpayer; must have a certificate in the PKI. Default: one of the PKI's valid taxpayers.</summary>
    public string? Mst { get; init; }

    public Period? Period { get; init; }
    public string? Office { get; init; }

    /// <summary>Rows in the main appendix (01/GTGT invoices); default 3–12. 2,000 makes a ~400 KB file.</summary>
    public int? AppendixRows { get; init; }

    /// <summary>01/GTGT only: the return asks for a VAT refund (item [42] > 0), which reconciliation sends to an officer.</summary>
    public bool RefundRequest { get; init; }

    /// <summary>A tax agent of the PKI (its MST): the declaration carries a DLyThue block naming it and is signed with
    /// the agent's certificate instead of the taxpayer's. Tax forms only; not with a defect.</summary>
    public string? AgentMst { get; init; }

    /// <summary>Social insurance: an I-VAN dossier (Hoso, procedure 600) carrying this form and what goes with it (D02-LT with
    /// TK1-TS for its new employees), each form signed, base64 in the dossier, the dossier signed by the employer. Forms
    /// that exist only in dossiers (TK1-TS) are always made so.</summary>
    public bool Ivan { get; init; }

    /// <summary>Write a UTF-8 BOM and CRLF line endings, as many Windows tools do.</summary>
    public bool BomAndCrlf { get; init; }
}
