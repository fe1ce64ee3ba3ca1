using EFiling.Validation;

namespace EFiling.Cli.Commands;

/// <summary>
/// The trust settings of `efiling validate`: each from its flag, else from the environment variable the service
/// reads. Remembers where each came from, so an error names what the user has to fix.
/// </summary>
internal sealed class TrustSettings
{
    private readonly Dictionary<string, string> _sources = new(StringComparer.Ordinal);

    public string? TrustedRoots { get; private init; }
    public string? Intermediates { get; private init; }
    public string? CrlFolder { get; private init; }

    public static TrustSettings Resolve(string? trustedRoots, string? intermediates, string? crlFolder)
    {
        var settings = new TrustSettings
        {
            TrustedRoots = trustedRoots ?? Environment.GetEnvironmentVariable("EFiling__TrustedRoots"),
            Intermediates = intermediates ?? Environment.GetEnvironmentVariable("EFiling__Intermediates"),
            CrlFolder = crlFolder ?? Environment.GetEnvironmentVariable("EFiling__CrlFolder"),
        };
        settings._sources[nameof(ValidatorOptions.TrustedRoots)] = trustedRoots is null ? "$EFiling__TrustedRoots" : "--trusted-roots";
        settings._sources[nameof(ValidatorOptions.Intermediates)] = intermediates is null ? "$EFiling__Intermediates" : "--intermediates";
        settings._sources[nameof(ValidatorOptions.CrlFolder)] = crlFolder is null ? "$EFiling__CrlFolder" : "--crl-folder";
        return settings;
    }

    /// <summary>The flag or variable a <see cref="ValidatorOptions"/> property was read from.</summary>
    public string SourceOf(string setting) => _sources.GetValueOrDefault(setting, setting);
}
