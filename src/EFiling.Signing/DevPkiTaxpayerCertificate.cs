using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>A dev taxpayer certificate with its private key, and where its files are (absolute paths).</summary>
public sealed record DevPkiTaxpayerCertificate(
    string Mst,
    string Name,
    DevCertificateKind Kind,
    X509Certificate2 Certificate,
    string PfxPath,
    string CertificatePemPath,
    string PrivateKeyPemPath);
