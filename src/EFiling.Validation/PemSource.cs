using System.Security.Cryptography.X509Certificates;

namespace EFiling.Validation;

/// <summary>Reads a certificate bundle given as a PEM file path or as the PEM text itself.</summary>
public static class PemSource
{
    public static X509Certificate2Collection Load(string? pathOrPem)
    {
        var collection = new X509Certificate2Collection();
        if (string.IsNullOrWhiteSpace(pathOrPem)) return collection;
        if (pathOrPem.Contains("-----BEGIN", StringComparison.Ordinal)) collection.ImportFromPem(pathOrPem);
        else collection.ImportFromPemFile(pathOrPem);
        return collection;
    }
}
