namespace EFiling.Signing;

/// <summary>The MST check digit (10th digit), used to keep the dev PKI's default tax codes realistic.
/// d10 = 10 − (31·d1 + 29·d2 + 23·d3 + 19·d4 + 17·d5 + 13·d6 + 7·d7 + 5·d8 + 3·d9) mod 11; 10 means invalid.</summary>
internal static class MstCheckDigit
{
    private static readonly int[] Weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];

    /// <summary>The check digit for nine leading digits, or null when no valid MST starts with them.</summary>
    public static int? Compute(ReadOnlySpan<char> firstNine)
    {
        if (firstNine.Length != 9)
        {
            return null;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            if (!char.IsAsciiDigit(firstNine[i]))
            {
                return null;
            }

            sum += (firstNine[i] - '0') * Weights[i];
        }

        var digit = 10 - (sum % 11);
        return digit == 10 ? null : digit;
    }

    /// <summary>True for a 10-digit MST with a correct check digit, optionally followed by <c>-NNN</c>.</summary>
    public static bool IsValid(string mst)
    {
        if (mst.Length == 14)
        {
            if (mst[10] != '-' || mst.AsSpan(11).ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            mst = mst[..10];
        }

        return mst.Length == 10 && char.IsAsciiDigit(mst[9]) && Compute(mst.AsSpan(0, 9)) == mst[9] - '0';
    }
}
