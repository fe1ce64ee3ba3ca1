namespace EFiling.Signing;

/// <summary>The <c>pki.json</c> written by <see cref="DevPki"/>. Paths are relative to the PKI folder, with '/'.</summary>
public sealed record DevPkiManifest(
    int Version,
    DateTimeOffset CreatedAt,
    string RootCa,
    string IssuingCa,
    DevPkiManifestCertificate IssuingCaKey,
    string TrustedRoots,
    string Intermediates,
    string Crl,
    string? RootCrl, // null in a pki.json written before the root published a CRL: make a new PKI
    DateTimeOffset CrlNextUpdate,
    DevPkiManifestCertificate ReceiptSigning,
    IReadOnlyList<DevPkiManifestTaxpayer> Taxpayers,
    IReadOnlyList<DevPkiManifestTaxpayer>? Agents = null); // null in a pki.json written before agents were issued

/// <summary>A PFX (certificate with private key) the manifest points at.</summary>
public sealed record DevPkiManifestCertificate(
    string File,
    string Password,
    string Subject,
    string SerialNumber,
    string Thumbprint,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter);

/// <summary>One taxpayer (or tax agent) certificate: PFX plus PEM certificate and unencrypted PKCS#8 key (for xmlsec1).</summary>
public sealed record DevPkiManifestTaxpayer(
    string Mst,
    string Name,
    DevCertificateKind Kind,
    string File,
    string CertificatePem,
    string PrivateKeyPem,
    string Password,
    string Subject,
    string SerialNumber,
    string Thumbprint,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter);
