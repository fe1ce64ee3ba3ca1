using System.Diagnostics.CodeAnalysis;

namespace EFiling.Declarations.Identifiers;

/// <summary>A social-insurance number (mã số BHXH): exactly ten digits, issued by Vietnam Social Security.</summary>
public readonly record struct SocialInsuranceNumber
{
    private SocialInsuranceNumber(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static bool TryParse([NotNullWhen(true)] string? text, out SocialInsuranceNumber number)
    {
        number = default;
        if (text is not { Length: 10 } || !text.All(char.IsAsciiDigit)) return false;
        number = new SocialInsuranceNumber(text);
        return true;
    }

    public static SocialInsuranceNumber Parse(string text) =>
        TryParse(text, out var n) ? n : throw new FormatException($"'{text}' is not a ten-digit social-insurance number.");
}
