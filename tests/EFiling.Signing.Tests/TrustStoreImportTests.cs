using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EFiling.Signing.Tests;

/// <summary>`efiling trust import` on a store made here with the shapes real ones have: roots among issuing CAs in
/// root/, the same certificate as DER and as PEM, bare base64, a PEM bundle, a garbage file, a trailing-space name.</summary>
public sealed class TrustStoreImportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("efiling-trust-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Roots_and_intermediates_are_told_apart_by_what_they_are_not_by_their_folder()
    {
        using var rootKey = RSA.Create(2048);
        using var root = Ca("CN=Test National Root CA", rootKey, issuer: null, issuerKey: null);
        using var caKey = RSA.Create(2048);
        using var ca = Ca("CN=Test Issuing CA", caKey, root, rootKey);
        using var otherRootKey = RSA.Create(2048);
        using var otherRoot = Ca("CN=Other Root", otherRootKey, issuer: null, issuerKey: null);
        using var leafKey = RSA.Create(2048);
        using var leaf = Leaf("CN=Some Company, UID=MST:0102345677", leafKey, ca, caKey);
        var store = Path.Combine(_folder, "certstore");
        Write(store, "root/national.cer", root.RawData);
        Write(store, "root/issuing-ca-kept-among-roots.cer", ca.RawData);
        Write(store, "trust/issuing-ca.pem ", Encoding.ASCII.GetBytes(PemEncoding.WriteString("CERTIFICATE", ca.RawData)));
        Write(store, "trust/nested/bundle.crt", Encoding.ASCII.GetBytes(
            PemEncoding.WriteString("CERTIFICATE", otherRoot.RawData) + "\r\n" + PemEncoding.WriteString("CERTIFICATE", root.RawData)));
        Write(store, "trust/bare-base64.cer", Encoding.ASCII.GetBytes(Convert.ToBase64String(ca.RawData)));
        Write(store, "trust/leaf.cer", leaf.RawData);
        Write(store, "trust/garbage.cer", "not a certificate at all, just some text of some length to look like one"u8.ToArray());

        var result = TrustStoreImport.Run(store, Path.Combine(_folder, "out"));

        Assert.Equal(2, result.Roots);
        Assert.Equal(1, result.Intermediates);
        Assert.Equal(3, result.Duplicates);
        Assert.Equal([Path.Combine("trust", "garbage.cer")], result.Unreadable);
        Assert.Contains(result.EndEntities, e => e.Contains("leaf.cer", StringComparison.Ordinal));
        var roots = SignatureVerifierOptions.LoadPemBundle(result.TrustedRootsPath);
        Assert.Equal(new[] { otherRoot.Thumbprint, root.Thumbprint }.Order(), roots.Select(c => c.Thumbprint).Order());
        Assert.Equal([ca.Thumbprint], SignatureVerifierOptions.LoadPemBundle(result.IntermediatesPath).Select(c => c.Thumbprint));

        // The same store gives the same bytes (sorted output), so a re-import shows no spurious change.
        var again = TrustStoreImport.Run(store, Path.Combine(_folder, "out2"));
        Assert.Equal(File.ReadAllBytes(result.TrustedRootsPath), File.ReadAllBytes(again.TrustedRootsPath));
    }

    [Fact]
    public void A_self_issued_certificate_whose_signature_is_not_its_own_is_not_a_root()
    {
        // Same subject as the root, but signed by another key: a forged "root" must not be trusted.
        using var rootKey = RSA.Create(2048);
        using var root = Ca("CN=Test National Root CA", rootKey, issuer: null, issuerKey: null);
        using var forgerKey = RSA.Create(2048);
        using var forgerRoot = Ca("CN=Forger", forgerKey, issuer: null, issuerKey: null);
        var request = new CertificateRequest("CN=Forger", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var forged = request.Create(forgerRoot.SubjectName, X509SignatureGenerator.CreateForRSA(forgerKey, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [1, 2, 3]);
        var store = Path.Combine(_folder, "forged");
        Write(store, "root/forged.cer", forged.RawData);

        var result = TrustStoreImport.Run(store, Path.Combine(_folder, "out"));

        Assert.Equal(0, result.Roots);
        Assert.Equal(1, result.Intermediates);
    }

    private static void Write(string folder, string relative, byte[] bytes)
    {
        var path = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static X509Certificate2 Ca(string subject, RSA key, X509Certificate2? issuer, RSA? issuerKey)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        if (issuer is null) return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        using var signed = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey!, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(3), [4, 5, 6]);
        return X509CertificateLoader.LoadCertificate(signed.RawData);
    }

    private static X509Certificate2 Leaf(string subject, RSA key, X509Certificate2 issuer, RSA issuerKey)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var signed = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [7, 8, 9]);
        return X509CertificateLoader.LoadCertificate(signed.RawData);
    }
}
