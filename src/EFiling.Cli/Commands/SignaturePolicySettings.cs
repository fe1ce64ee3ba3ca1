using System.Globalization;
using EFiling.Validation;

namespace EFiling.Cli.Commands;

/// <summary>
/// The signature-policy settings of `efiling validate`: each from its flag, else from the environment variable the
/// service reads (<c>EFiling__Sha1AcceptedUntil</c>, <c>EFiling__MinRsaKeyBits</c>), else the service's default.
/// </summary>
internal sealed class SignaturePolicySettings
{
    private const string Sha1Variable = "EFiling__Sha1AcceptedUntil";
    private const string KeyBitsVariable = "EFiling__MinRsaKeyBits";

    private readonly Dictionary<string, string> _sources = new(StringComparer.Ordinal);

    public DateOnly Sha1AcceptedUntil { get; private init; } = ValidatorOptions.DefaultSha1AcceptedUntil;

    public int MinRsaKeyBits { get; private init; } = ValidatorOptions.DefaultMinRsaKeyBits;

    /// <summary>The flag or variable a <see cref="ValidatorOptions"/> property was read from, or null if not one of these.</summary>
    public string? SourceOf(string setting) => _sources.GetValueOrDefault(setting);

    public static bool TryResolve(string? sha1Flag, string? keyBitsFlag, out SignaturePolicySettings settings, out string? error)
    {
        settings = new SignaturePolicySettings();
        error = null;
        var sha1Source = sha1Flag is null ? "$" + Sha1Variable : "--sha1-accepted-until";
        var sha1Text = sha1Flag ?? NonEmpty(Environment.GetEnvironmentVariable(Sha1Variable));
        var bitsSource = keyBitsFlag is null ? "$" + KeyBitsVariable : "--min-rsa-key-bits";
        var bitsText = keyBitsFlag ?? NonEmpty(Environment.GetEnvironmentVariable(KeyBitsVariable));

        var sha1 = ValidatorOptions.DefaultSha1AcceptedUntil;
        if (sha1Text is not null && !DateOnly.TryParseExact(sha1Text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out sha1))
        {
            error = $"{sha1Source}: \"{sha1Text}\" is not a date (yyyy-MM-dd, e.g. 2022-01-01)";
            return false;
        }

        var bits = ValidatorOptions.DefaultMinRsaKeyBits;
        if (bitsText is not null && !int.TryParse(bitsText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out bits))
        {
            error = $"{bitsSource}: \"{bitsText}\" is not a number of bits (e.g. 2048)";
            return false;
        }

        settings = new SignaturePolicySettings { Sha1AcceptedUntil = sha1, MinRsaKeyBits = bits };
        settings._sources[nameof(ValidatorOptions.Sha1AcceptedUntil)] = sha1Source;
        settings._sources[nameof(ValidatorOptions.MinRsaKeyBits)] = bitsSource;
        return true;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
