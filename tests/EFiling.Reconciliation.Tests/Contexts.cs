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

    public static SiblingFiling Original(string status, DateTimeOffset? at = null, string id = "o1") => new(id, false, 0, status, at ?? OnTime.AddDays(-1));
    public static SiblingFiling Supplementary(int n, string status, string id = "s") => new(id + n, true, n, status, OnTime.AddDays(-1));
}
