using EFiling.Validation;

namespace EFiling.Cli.Commands;

/// <summary>
/// The trust settings of `efiling validate`: each from its flag, else from the environment variable the service
/// reads. Remembers where each came from, so an error names what the user has to fix.
/// One convenience the service does not have: with no CRL folder given, a <c>crl/</c> folder next to the trusted
/// roots file (the layout of `efiling dev-pki`) is used, so dev-PKI users do not get CERT_REVOCATION_UNKNOWN
/// on every valid file. The service stays strict: it checks only the CRL folder it is configured with.
/// </summary>
internal sealed class TrustSettings
{
    private readonly Dictionary<string, string> _sources = new(StringComparer.Ordinal);

    public string? TrustedRoots { get; private init; }
    public string? Intermediates { get; private init; }
    public string? CrlFolder { get; private set; }

    /// <summary>--when-revocation-unknown, else $EFiling__Revocation__WhenUnknown, else Reject (see ValidateCommand).</summary>
    public RevocationUnknownPolicy WhenRevocationUnknown { get; private init; }

    /// <summary>--revocation-cache, else $EFiling__Revocation__CacheFolder, else the user's cache folder.</summary>
    public string RevocationCache { get; private init; } = "";

    /// <summary>What the user should be told about a setting chosen for them (the CRL folder found), or null.</summary>
    public string? Notice { get; private set; }

    /// <exception cref="ValidatorConfigurationException">$EFiling__Revocation__WhenUnknown is neither reject nor review.</exception>
    public static TrustSettings Resolve(string? trustedRoots, string? intermediates, string? crlFolder,
        RevocationUnknownPolicy? whenUnknown = null, string? revocationCache = null)
    {
        var settings = new TrustSettings
        {
            TrustedRoots = trustedRoots ?? Environment.GetEnvironmentVariable("EFiling__TrustedRoots"),
            Intermediates = intermediates ?? Environment.GetEnvironmentVariable("EFiling__Intermediates"),
            CrlFolder = crlFolder ?? Environment.GetEnvironmentVariable("EFiling__CrlFolder"),
            WhenRevocationUnknown = whenUnknown ?? PolicyFromEnvironment(),
            RevocationCache = revocationCache
                              ?? NonEmpty(Environment.GetEnvironmentVariable("EFiling__Revocation__CacheFolder"))
                              ?? EFiling.Signing.DiskRevocationCache.DefaultFolder(),
        };
        settings._sources[nameof(ValidatorOptions.TrustedRoots)] = trustedRoots is null ? "$EFiling__TrustedRoots" : "--trusted-roots";
        settings._sources[nameof(ValidatorOptions.Intermediates)] = intermediates is null ? "$EFiling__Intermediates" : "--intermediates";
        settings._sources[nameof(ValidatorOptions.CrlFolder)] = crlFolder is null ? "$EFiling__CrlFolder" : "--crl-folder";
        settings._sources["WhenRevocationUnknown"] = "$EFiling__Revocation__WhenUnknown";
        if (settings.CrlFolder is null && BesideTrustedRoots(settings.TrustedRoots) is { } found)
        {
            settings.CrlFolder = found;
            settings._sources[nameof(ValidatorOptions.CrlFolder)] = "crl/ next to the trusted roots";
            settings.Notice = $"Checking revocation with the CRLs in {found} (next to the trusted roots); --crl-folder chooses another folder.";
        }
        return settings;
    }

    /// <summary>The <c>crl/</c> folder beside a trusted-roots file, if there is one (not for PEM text, which has no folder).</summary>
    private static string? BesideTrustedRoots(string? trustedRoots)
    {
        if (string.IsNullOrWhiteSpace(trustedRoots) || trustedRoots.Contains("-----BEGIN", StringComparison.Ordinal) || !File.Exists(trustedRoots))
            return null;
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(trustedRoots))!, "crl");
        return Directory.Exists(folder) ? folder : null;
    }

    private static RevocationUnknownPolicy PolicyFromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable("EFiling__Revocation__WhenUnknown");
        if (string.IsNullOrWhiteSpace(value)) return RevocationUnknownPolicy.Reject;
        return Enum.TryParse<RevocationUnknownPolicy>(value, ignoreCase: true, out var policy) && Enum.IsDefined(policy)
            ? policy
            : throw new ValidatorConfigurationException("WhenRevocationUnknown", $"\"{value}\" is neither reject nor review.");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>The flag or variable a <see cref="ValidatorOptions"/> property was read from.</summary>
    public string SourceOf(string setting) => _sources.GetValueOrDefault(setting, setting);
}
