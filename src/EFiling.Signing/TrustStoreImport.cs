using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EFiling.Signing;

/// <summary>What <see cref="TrustStoreImport.Run"/> wrote and what it could not use.</summary>
/// <param name="Unreadable">Files (relative to the store) that hold no certificate this importer can read.</param>
/// <param name="EndEntities">Certificates that are neither self-signed nor a CA (not trust material), with their files.</param>
public sealed record TrustStoreImportResult(
    string TrustedRootsPath, string IntermediatesPath, int Roots, int Intermediates, int Duplicates,
    IReadOnlyList<string> Unreadable, IReadOnlyList<string> EndEntities)
{
    /// <summary>The subjects of the roots written, with their files and validity, for the operator to review.</summary>
    public IReadOnlyList<string> RootSubjects { get; init; } = [];
}

/// <summary>
/// Turns a certificate store laid out as iTaxViewer ships it (<c>root/</c>, <c>trust/</c>, … of <c>.cer</c>/<c>.crt</c>
/// files) into the two bundles the verifier reads: <c>trusted-roots.pem</c> (self-signed certificates whose signature
/// verifies with their own key) and <c>intermediates.pem</c> (every other CA certificate). The folder a file sits in
/// decides nothing: iTaxViewer's <c>root/</c> also holds issuing CAs. Files are DER, PEM (one or several blocks),
/// bare base64 or PKCS#7; duplicates (the same DER bytes) are written once; a file that holds none of these is
/// reported by name and the import goes on. The output is sorted (subject, then SHA-256), so re-importing the same
/// store gives the same bytes.
/// </summary>
public static class TrustStoreImport
{
    public const string TrustedRootsFile = "trusted-roots.pem";
    public const string IntermediatesFile = "intermediates.pem";

    /// <exception cref="DirectoryNotFoundException">The store folder does not exist.</exception>
    public static TrustStoreImportResult Run(string storeFolder, string outFolder)
    {
        if (!Directory.Exists(storeFolder)) throw new DirectoryNotFoundException($"No such folder: {storeFolder}");
        var unreadable = new List<string>();
        var seen = new Dictionary<string, (X509Certificate2 Certificate, string File)>(StringComparer.Ordinal);
        var duplicates = 0;
        foreach (var file in Directory.EnumerateFiles(storeFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(storeFolder, file);
            var certificates = Read(File.ReadAllBytes(file));
            if (certificates.Count == 0)
            {
                unreadable.Add(relative);
                continue;
            }
            foreach (var certificate in certificates)
            {
                var key = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
                if (!seen.TryAdd(key, (certificate, relative)))
                {
                    duplicates++;
                    certificate.Dispose();
                }
            }
        }

        var roots = new List<(X509Certificate2, string)>();
        var intermediates = new List<(X509Certificate2, string)>();
        var endEntities = new List<string>();
        foreach (var (certificate, file) in seen.Values)
        {
            if (IsSelfSigned(certificate)) roots.Add((certificate, file));
            else if (IsCa(certificate)) intermediates.Add((certificate, file));
            else endEntities.Add($"{file} ({certificate.Subject})");
        }

        Directory.CreateDirectory(outFolder);
        var rootsPath = Path.Combine(outFolder, TrustedRootsFile);
        var intermediatesPath = Path.Combine(outFolder, IntermediatesFile);
        File.WriteAllText(rootsPath, Pem(roots, "Trusted roots: self-signed certificates"), new UTF8Encoding(false));
        File.WriteAllText(intermediatesPath, Pem(intermediates, "Intermediates: CA certificates issued by another CA"), new UTF8Encoding(false));
        var rootSubjects = roots.Select(r => $"{r.Item1.Subject} ({r.Item2}, valid to {r.Item1.NotAfter.ToUniversalTime():yyyy-MM-dd})").Order(StringComparer.Ordinal).ToList();
        foreach (var (certificate, _) in seen.Values) certificate.Dispose();
        return new TrustStoreImportResult(rootsPath, intermediatesPath, roots.Count, intermediates.Count, duplicates, unreadable, endEntities.Order().ToList())
        {
            RootSubjects = rootSubjects,
        };
    }

    /// <summary>Every certificate a file holds: DER, PEM blocks, bare base64 of DER, or a PKCS#7 bundle.</summary>
    public static List<X509Certificate2> Read(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        // The loader takes PEM too, but only its first block: a bundle is read block by block below.
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal) && TryDer(bytes) is { } der) return [der];
        var found = new List<X509Certificate2>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("CERTIFICATE") && TryBase64(rest[fields.Base64Data].ToString()) is { } decoded)
            {
                if (TryDer(decoded) is { } fromPem) found.Add(fromPem);
                else found.AddRange(Pkcs7(decoded));
            }
            else if (rest[fields.Label].SequenceEqual("PKCS7") && TryBase64(rest[fields.Base64Data].ToString()) is { } p7)
            {
                found.AddRange(Pkcs7(p7));
            }
            rest = rest[fields.Location.End..];
        }
        if (found.Count > 0) return found;
        // Bare base64 (some stores keep a certificate as one line of base64 without PEM armour).
        if (TryBase64(text) is { } bare) return TryDer(bare) is { } c ? [c] : Pkcs7(bare);
        return Pkcs7(bytes);
    }

    private static X509Certificate2? TryDer(byte[] bytes)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static List<X509Certificate2> Pkcs7(byte[] bytes)
    {
        try
        {
            var collection = new X509Certificate2Collection();
            // X509CertificateLoader has no PKCS#7 reader; the collection's import is the framework's way to read one.
#pragma warning disable SYSLIB0057
            collection.Import(bytes);
#pragma warning restore SYSLIB0057
            return [.. collection];
        }
        catch (CryptographicException)
        {
            return [];
        }
    }

    private static byte[]? TryBase64(string text)
    {
        var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (compact.Length < 64) return null;
        try
        {
            return Convert.FromBase64String(compact);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Subject equals issuer and the certificate's own key verifies its signature. Checked on the bytes
    /// (<see cref="SignedDataCheck.IsIssuedBy"/>): a chain builder takes an anchor's signature on trust (RFC 5280),
    /// which is the very thing to be decided here.</summary>
    private static bool IsSelfSigned(X509Certificate2 certificate) => SignedDataCheck.IsIssuedBy(certificate, certificate);

    private static bool IsCa(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: false };

    private static string Pem(List<(X509Certificate2 Certificate, string File)> certificates, string title)
    {
        var text = new StringBuilder($"# {title}, written by `efiling trust import`.\n");
        foreach (var (certificate, file) in certificates
                     .OrderBy(c => c.Certificate.Subject, StringComparer.Ordinal)
                     .ThenBy(c => c.Certificate.GetCertHashString(HashAlgorithmName.SHA256), StringComparer.Ordinal))
        {
            text.Append($"\n# {certificate.Subject}\n# from {file}; valid {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd} to {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}; "
                        + $"SHA-256 {certificate.GetCertHashString(HashAlgorithmName.SHA256)}\n");
            text.Append(PemEncoding.WriteString("CERTIFICATE", certificate.RawData)).Append('\n');
        }
        return text.ToString();
    }
}
