using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EFiling.Validation;

/// <summary>Reads a certificate bundle given as a PEM file path or as the PEM text itself.</summary>
public static class PemSource
{
    /// <param name="pathOrPem">A file path, the PEM text (a Key Vault reference delivers content), or nothing.</param>
    /// <param name="setting">The setting it came from, named in the error.</param>
    /// <exception cref="ValidatorConfigurationException">The file is missing or unreadable, or holds no certificate.</exception>
    public static X509Certificate2Collection Load(string? pathOrPem, string setting)
    {
        var collection = new X509Certificate2Collection();
        if (string.IsNullOrWhiteSpace(pathOrPem)) return collection;

        var isText = pathOrPem.Contains("-----BEGIN", StringComparison.Ordinal);
        var source = isText ? "the PEM text given" : $"\"{pathOrPem}\"";
        if (!isText && Directory.Exists(pathOrPem))
            throw new ValidatorConfigurationException(setting, $"{source} is a folder, not a PEM file.");
        try
        {
            collection.ImportFromPem(isText ? pathOrPem : File.ReadAllText(pathOrPem));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ValidatorConfigurationException(setting, $"no such file {source}.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ValidatorConfigurationException(setting, $"cannot read {source}: {e.Message}", e);
        }
        catch (CryptographicException e)
        {
            throw new ValidatorConfigurationException(setting, $"{source} holds a certificate that cannot be decoded: {e.Message}", e);
        }

        // An empty bundle would make every signature fail later for a reason that is hard to see.
        if (collection.Count == 0)
            throw new ValidatorConfigurationException(setting, $"{source} holds no PEM CERTIFICATE block.");
        return collection;
    }
}
