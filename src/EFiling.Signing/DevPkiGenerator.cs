using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EFiling.Signing;

/// <summary>Generates a development PKI and writes it to a folder (see <see cref="DevPki.Create"/>).</summary>
internal static partial class DevPkiGenerator
{
    public static readonly X500DistinguishedName RootName = new("CN=EFiling Dev Root CA, O=EFiling Development, C=VN");
    public static readonly X500DistinguishedName IssuingName = new("CN=EFiling Dev Issuing CA, O=EFiling Development, C=VN");
    public static readonly X500DistinguishedName ReceiptName = new("CN=EFiling Receipt Signing, O=EFiling Development, C=VN");

    public const X509KeyUsageFlags SigningUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;

    public static void Generate(string folder, DevPkiOptions options)
    {
        Validate(options);
        // Whole seconds: certificates and CRLs store no fractions, and equal times compare equal after a reload.
        var now = DateTimeOffset.FromUnixTimeSeconds((options.Now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds());

        // CAs start well in the past so the deliberately expired certificate fits inside their validity.
        using var root = DevCertificateFactory.CreateRoot(RootName, options.RootKeySize, now.AddYears(-3), now.AddYears(10));
        using var issuing = DevCertificateFactory.CreateIssuingCa(root, IssuingName, options.IssuingKeySize, now.AddYears(-3), now.AddYears(8));

        Directory.CreateDirectory(DevPkiLayout.Full(folder, DevPkiLayout.CrlFolder));
        Directory.CreateDirectory(DevPkiLayout.Full(folder, DevPkiLayout.TaxpayersFolder));

        var rootPem = root.ExportCertificatePem() + "\n";
        var issuingPem = issuing.ExportCertificatePem() + "\n";
        Write(folder, DevPkiLayout.RootCa, rootPem);
        Write(folder, DevPkiLayout.IssuingCa, issuingPem);
        Write(folder, DevPkiLayout.TrustedRoots, rootPem);
        Write(folder, DevPkiLayout.Intermediates, issuingPem);
        var issuingKey = WritePfx(folder, DevPkiLayout.IssuingCaPfx, issuing, options.Password);

        var taxpayers = new List<DevPkiManifestTaxpayer>();
        var revoked = new List<(X509Certificate2, DateTimeOffset)>();
        try
        {
            foreach (var taxpayer in options.Taxpayers)
            {
                var (notBefore, notAfter) = taxpayer.Kind == DevCertificateKind.Expired
                    ? (now.AddYears(-2), now.AddDays(-30))
                    : (now.AddDays(-1), now + options.CertificateValidity);
                var certificate = DevCertificateFactory.CreateEndEntity(
                    issuing, DevPki.TaxpayerSubject(taxpayer.Mst, taxpayer.Name, taxpayer.Locality),
                    options.EndEntityKeySize, notBefore, notAfter, SigningUsage);
                taxpayers.Add(WriteTaxpayer(folder, taxpayer, certificate, options.Password));
                if (taxpayer.Kind == DevCertificateKind.Revoked)
                {
                    revoked.Add((certificate, now.AddHours(-1)));
                }
                else
                {
                    certificate.Dispose();
                }
            }

            // Tax agents: valid certificates like a taxpayer's, with the agent's own MST.
            var agents = new List<DevPkiManifestTaxpayer>();
            foreach (var agent in options.Agents)
            {
                using var certificate = DevCertificateFactory.CreateEndEntity(
                    issuing, DevPki.TaxpayerSubject(agent.Mst, agent.Name, agent.Locality),
                    options.EndEntityKeySize, now.AddDays(-1), now + options.CertificateValidity, SigningUsage);
                agents.Add(WriteTaxpayer(folder, agent, certificate, options.Password));
            }

            var crlNextUpdate = now + options.CrlValidity;
            var crl = DevCertificateFactory.CreateCrl(issuing, revoked, now.AddMinutes(-1), crlNextUpdate);
            File.WriteAllBytes(DevPkiLayout.Full(folder, DevPkiLayout.Crl), crl);
            // The root's CRL (revoking nobody): the issuing CA is checked against it like a taxpayer against the issuing CA's.
            var rootCrl = DevCertificateFactory.CreateCrl(root, [], now.AddMinutes(-1), crlNextUpdate);
            File.WriteAllBytes(DevPkiLayout.Full(folder, DevPkiLayout.RootCrl), rootCrl);

            using var receipt = DevCertificateFactory.CreateEndEntity(
                issuing, ReceiptName, options.EndEntityKeySize, now.AddDays(-1), now + options.CertificateValidity, SigningUsage);
            var receiptEntry = WritePfx(folder, DevPkiLayout.ReceiptSigning, receipt, options.Password);

            var manifest = new DevPkiManifest(
                1, now, DevPkiLayout.RootCa, DevPkiLayout.IssuingCa, issuingKey, DevPkiLayout.TrustedRoots,
                DevPkiLayout.Intermediates, DevPkiLayout.Crl, DevPkiLayout.RootCrl, crlNextUpdate, receiptEntry, taxpayers, agents);
            File.WriteAllText(DevPkiLayout.Full(folder, DevPkiLayout.Manifest), JsonSerializer.Serialize(manifest, DevPkiLayout.Json));
        }
        finally
        {
            foreach (var (certificate, _) in revoked)
            {
                certificate.Dispose();
            }
        }
    }

    private static void Validate(DevPkiOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Password);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var taxpayer in options.Taxpayers.Concat(options.Agents))
        {
            // The MST becomes a file name, so only the MST shape is accepted (not its check digit: callers
            // may want a certificate for a deliberately wrong MST).
            if (!MstShape().IsMatch(taxpayer.Mst))
            {
                throw new ArgumentException($"\"{taxpayer.Mst}\" is not an MST (10 digits, optionally -NNN).", nameof(options));
            }

            if (!seen.Add(taxpayer.Mst))
            {
                throw new ArgumentException($"MST {taxpayer.Mst} is listed twice.", nameof(options));
            }
        }
    }

    private static DevPkiManifestTaxpayer WriteTaxpayer(string folder, DevTaxpayer taxpayer, X509Certificate2 certificate, string password)
    {
        var pfx = WritePfx(folder, DevPkiLayout.TaxpayerPfx(taxpayer.Mst), certificate, password);
        Write(folder, DevPkiLayout.TaxpayerPem(taxpayer.Mst), certificate.ExportCertificatePem() + "\n");
        using var key = certificate.GetRSAPrivateKey()!;
        var keyPath = DevPkiLayout.Full(folder, DevPkiLayout.TaxpayerKey(taxpayer.Mst));
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new DevPkiManifestTaxpayer(
            taxpayer.Mst, taxpayer.Name, taxpayer.Kind, pfx.File, DevPkiLayout.TaxpayerPem(taxpayer.Mst),
            DevPkiLayout.TaxpayerKey(taxpayer.Mst), password, pfx.Subject, pfx.SerialNumber, pfx.Thumbprint,
            pfx.NotBefore, pfx.NotAfter);
    }

    private static DevPkiManifestCertificate WritePfx(string folder, string relative, X509Certificate2 certificate, string password)
    {
        File.WriteAllBytes(
            DevPkiLayout.Full(folder, relative),
            certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        return new DevPkiManifestCertificate(
            relative, password, certificate.Subject, certificate.SerialNumber, certificate.Thumbprint,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
    }

    private static void Write(string folder, string relative, string text) =>
        File.WriteAllText(DevPkiLayout.Full(folder, relative), text);

    [GeneratedRegex(@"^\d{10}(-\d{3})?$")]
    private static partial Regex MstShape();
}
