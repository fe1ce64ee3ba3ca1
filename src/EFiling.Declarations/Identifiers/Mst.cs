using System.Diagnostics.CodeAnalysis;

namespace EFiling.Declarations.Identifiers;

/// <summary>
/// A Vietnamese tax code (mã số thuế): ten digits whose tenth is a check digit, optionally followed by
/// "-" and a three-digit branch number (e.g. 0100109106-001).
/// </summary>
public readonly record struct Mst
{
    private static readonly int[] Weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];

    private Mst(string parent, string? branch)
    {
        Parent = parent;
        Branch = branch;
    }

    /// <summary>The ten-digit code of the legal entity.</summary>
    public string Parent { get; }

    /// <summary>The three-digit branch number, or null for the entity itself.</summary>
    public string? Branch { get; }

    public bool IsBranch => Branch is not null;

    public override string ToString() => Branch is null ? Parent : $"{Parent}-{Branch}";

    public static bool TryParse([NotNullWhen(true)] string? text, out Mst mst)
    {
        mst = default;
        if (text is null) return false;
        string parent;
        string? branch = null;
        if (text.Length == 10) parent = text;
        else if (text.Length == 14 && text[10] == '-') { parent = text[..10]; branch = text[11..]; }
        else return false;

        if (!parent.All(char.IsAsciiDigit) || (branch is not null && !branch.All(char.IsAsciiDigit))) return false;
        if (branch == "000") return false;
        if (CheckDigit(parent.AsSpan(0, 9)) is not { } d10 || parent[9] - '0' != d10) return false;
        mst = new Mst(parent, branch);
        return true;
    }

    public static Mst Parse(string text) =>
        TryParse(text, out var mst) ? mst : throw new FormatException($"'{text}' is not a valid MST.");

    /// <summary>
    /// The check digit for the first nine digits: 10 − (Σ wᵢ·dᵢ mod 11); null when that is 10, because
    /// no valid MST starts with those nine digits.
    /// </summary>
    public static int? CheckDigit(ReadOnlySpan<char> firstNine)
    {
        if (firstNine.Length != 9) throw new ArgumentException("Nine digits are needed.", nameof(firstNine));
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            if (!char.IsAsciiDigit(firstNine[i])) throw new ArgumentException("Digits only.", nameof(firstNine));
            sum += Weights[i] * (firstNine[i] - '0');
        }
        var d10 = 10 - sum % 11;
        return d10 == 10 ? null : d10;
    }

    /// <summary>Completes nine digits into a valid MST, or returns null when no check digit exists for them.</summary>
    public static Mst? FromFirstNine(string firstNine) =>
        CheckDigit(firstNine) is { } d ? new Mst(firstNine + (char)('0' + d), null) : null;

    public Mst WithBranch(int branch) =>
        branch is < 1 or > 999 ? throw new ArgumentOutOfRangeException(nameof(branch)) : new Mst(Parent, branch.ToString("000"));
}
