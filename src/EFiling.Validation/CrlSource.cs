using EFiling.Signing;

namespace EFiling.Validation;

/// <summary>Reads the CRL folder setting, turning file-system and format errors into configuration errors.</summary>
public static class CrlSource
{
    /// <exception cref="ValidatorConfigurationException">The folder is missing, or a CRL in it cannot be read.</exception>
    public static IReadOnlyList<RevocationList> Load(string? folder, string setting)
    {
        if (string.IsNullOrEmpty(folder)) return [];
        if (!Directory.Exists(folder))
            throw new ValidatorConfigurationException(setting, $"no such folder \"{folder}\".");
        try
        {
            return SignatureVerifierOptions.LoadCrlFolder(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            // A CRL that is skipped silently would be a revocation missed, so one bad file stops everything.
            throw new ValidatorConfigurationException(setting, $"cannot read a CRL in \"{folder}\": {e.Message}", e);
        }
    }
}
