using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>Certificate and CRL creation for the dev PKI, with the extensions real Vietnamese CA
/// certificates carry (basic constraints, key usage, key identifiers).</summary>
internal static class DevCertificateFactory
{
    public static X509Certificate2 CreateRoot(X500DistinguishedName subject, int keySize, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = RSA.Create(keySize);
        var request = CaRequest(subject, key, pathLength: 1);
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    public static X509Certificate2 CreateIssuingCa(
        X509Certificate2 root, X500DistinguishedName subject, int keySize, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = RSA.Create(keySize);
        var request = CaRequest(subject, key, pathLength: 0);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var certificate = request.Create(root, notBefore, notAfter, NewSerialNumber());
        return certificate.CopyWithPrivateKey(key);
    }

    public static X509Certificate2 CreateEndEntity(
        X509Certificate2 issuer, X500DistinguishedName subject, int keySize, DateTimeOffset notBefore, DateTimeOffset notAfter,
        X509KeyUsageFlags keyUsage, IEnumerable<X509Extension>? extraExtensions = null)
    {
        using var key = RSA.Create(keySize);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        foreach (var extension in extraExtensions ?? [])
        {
            request.CertificateExtensions.Add(extension);
        }

        using var certificate = request.Create(issuer, notBefore, notAfter, NewSerialNumber());
        return certificate.CopyWithPrivateKey(key);
    }

    public static byte[] CreateCrl(
        X509Certificate2 issuer, IEnumerable<(X509Certificate2 Certificate, DateTimeOffset RevokedAt)> revoked,
        DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var (certificate, revokedAt) in revoked)
        {
            builder.AddEntry(certificate, revokedAt, X509RevocationReason.KeyCompromise);
        }

        return builder.Build(issuer, crlNumber: 1, nextUpdate, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, thisUpdate);
    }

    private static CertificateRequest CaRequest(X500DistinguishedName subject, RSA key, int pathLength)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    // 16 random bytes, positive and without a leading zero byte (RFC 5280 §4.1.2.2 allows up to 20).
    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}
