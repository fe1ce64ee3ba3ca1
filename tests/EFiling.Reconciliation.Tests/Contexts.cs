using EFiling.Declarations.Identifiers;
using EFiling.Reconciliation;
using EFiling.Registry;

namespace EFiling.Reconciliation.Tests;

/// <summary>A clean context (everything in order) that each test changes in one place.</summary>
public static class Contexts
{
    public const string Mst = "0100109106";
    public const string Thumbprint = "C9F18701441126B9973DC666DE309F71FE5C1896";

    // Q3 2025 is due on 2025-10-31 (a Friday).
    public static readonly DateOnly Due = new(2025, 10, 31);
    public static readonly DateTimeOffset OnTime = new(2025, 10, 20, 3, 0, 0, TimeSpan.Zero);

    public static FilingUnderCheck Filing(bool supplementary = false, int n = 0, DateTimeOffset? at = null) => new()
    {
        Id = "f0", Form = "01/GTGT", Family = "tax", Mst = Mst, Office = "10100", Period = Period.Quarter(2025, 3),
        IsSupplementary = supplementary, AmendmentNumber = n, ReceivedAtUtc = at ?? OnTime,
        SignerThumbprint = Thumbprint, SignerMst = Mst,
    };

    public static ReconciliationContext Clean(FilingUnderCheck? filing = null) => new()
    {
        Filing = filing ?? Filing(),
        Taxpayer = new TaxpayerRecord(Mst, "CÔNG TY TNHH ABC", "10100", TaxpayerStatus.Active, [Thumbprint]),
        DueDate = Due,
    };

    public const string AgentMst = "0317778889";
    public const string AgentThumbprint = "AEB0C021A88DB857E8AF9433E97FF8BCA09D2A02";

    /// <summary>The clean context, signed by the DLyThue agent with its registered certificate, under an engagement
    /// from <paramref name="from"/> to <paramref name="to"/> (default: open since 2025-01-01).</summary>
    public static ReconciliationContext AgentSigned(DateOnly? from = null, DateOnly? to = null, DateTimeOffset? at = null) => Clean(Filing(at: at) with
    {
        AgentMst = AgentMst, SignerMst = AgentMst, SignerThumbprint = AgentThumbprint,
    }) with
    {
        Agent = new TaxpayerRecord(AgentMst, "CÔNG TY TNHH ĐẠI LÝ THUẾ TÍN VIỆT", "70100", TaxpayerStatus.Active, [AgentThumbprint]),
        Engagements = [new AgentEngagementRecord(AgentMst, "CÔNG TY TNHH ĐẠI LÝ THUẾ TÍN VIỆT", Mst, from ?? new DateOnly(2025, 1, 1), to, "15/2025/HĐDV")],
    };

    public static SiblingFiling Original(string status, DateTimeOffset? at = null, string id = "o1") => new(id, false, 0, status, at ?? OnTime.AddDays(-1));
    public static SiblingFiling Supplementary(int n, string status, string id = "s") => new(id + n, true, n, status, OnTime.AddDays(-1));
}
