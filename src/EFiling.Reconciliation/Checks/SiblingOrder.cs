namespace EFiling.Reconciliation.Checks;

/// <summary>
/// Which of two filings of the same chain came first, for every check that asks "filed before this one?" (a second
/// original, a supplementary number already taken): receipt times order them; ids (version-7 GUIDs) break a tie in
/// the same millisecond, so two filings never both come first.
/// </summary>
public static class SiblingOrder
{
    public static bool Before(SiblingFiling s, FilingUnderCheck f) =>
        s.ReceivedAtUtc < f.ReceivedAtUtc || (s.ReceivedAtUtc == f.ReceivedAtUtc && string.CompareOrdinal(s.Id, f.Id) < 0);
}
