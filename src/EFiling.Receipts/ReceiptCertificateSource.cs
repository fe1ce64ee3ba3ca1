using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EFiling.ServiceDefaults;
using EFiling.Signing;
using Microsoft.Extensions.Options;

namespace EFiling.Receipts;

/// <summary>
/// Loads the receipt-signing certificate from EFiling__ReceiptCertificate, which is a PFX path or the PFX itself
/// in base64 (what a Key Vault reference delivers). Without it, a development certificate is made once and kept
/// in a local folder, so receipts stay verifiable across restarts. One instance per app: receipts, decision notices and
/// the tax authority's envelope are all signed with the certificate it loads, on first use.
/// </summary>
public sealed class ReceiptCertificateSource(IOptions<EFilingOptions> options, ILogger<ReceiptCertificateSource> logger)
{
    public const string DevelopmentFileName = "receipt-signing.dev.pfx";

    private readonly Lazy<X509Certificate2> _certificate = new(() => Load(options.Value, logger));

    public X509Certificate2 Certificate => _certificate.Value;

    /// <summary>A signer with the certificate (for <see cref="ReceiptDocument"/> and the notices).</summary>
    public XmlSigner CreateSigner() => new(Certificate);

    private static X509Certificate2 Load(EFilingOptions options, ILogger logger)
    {
        var value = options.ReceiptCertificate?.Trim();
        var password = options.ReceiptCertificatePassword;
        if (string.IsNullOrEmpty(value)) return LoadOrCreateDevelopment(options, logger);
        return File.Exists(value)
            ? X509CertificateLoader.LoadPkcs12FromFile(value, password)
            : X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(value), password);
    }

    private static X509Certificate2 LoadOrCreateDevelopment(EFilingOptions options, ILogger logger)
    {
        var folder = options.DevelopmentFolder
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "EFiling");
        var path = Path.Combine(folder, DevelopmentFileName);
        if (File.Exists(path)) return X509CertificateLoader.LoadPkcs12FromFile(path, null);

        logger.LogWarning("EFiling__ReceiptCertificate is not set: signing receipts with a development certificate kept at {Path}", path);
        Directory.CreateDirectory(folder);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=EFiling development receipt signing, O=EFiling (development), C=VN",
            key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        var pfx = certificate.Export(X509ContentType.Pfx);
        // Write to a temporary name first so a concurrent start never reads half a file.
        var temporary = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(temporary, pfx);
        File.Move(temporary, path, overwrite: true);
        return X509CertificateLoader.LoadPkcs12FromFile(path, null);
    }
}
