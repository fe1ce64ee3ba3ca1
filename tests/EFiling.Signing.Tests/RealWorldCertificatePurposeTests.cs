using System.Security.Cryptography.X509Certificates;
using System.Xml;
using EFiling.Declarations.Parsing;
using EFiling.Signing;
using EFiling.Tests.Shared;

namespace EFiling.Signing.Tests;

/// <summary>
/// The evidence behind the accepted key purposes (README, "Certificate purposes accepted"): every signer certificate
/// of the real signed documents in ../shared/real-world/tax/ (the declarations, the taxpayers' payment vouchers, the
/// tax authority's notice; not the tampered copies), and every end-entity certificate of the tax authority's trust
/// store, passes the key usage and extended key usage checks. Read where they lie, never copied.
/// </summary>
public sealed class RealWorldCertificatePurposeTests
{
    [RealWorldFact]
    public void Every_real_signer_certificate_passes_the_key_usage_and_extended_key_usage_checks()
    {
        var tampered = $"{Path.DirectorySeparatorChar}tampered_or_corrupted{Path.DirectorySeparatorChar}";
        var signers = Directory.EnumerateFiles(RealWorld.Path("tax"), "*.xml", SearchOption.AllDirectories)
            .Where(f => !f.Contains(tampered, StringComparison.Ordinal))
            .SelectMany(SignerCertificates)
            .DistinctBy(c => c.Thumbprint, StringComparer.Ordinal).ToList();
        // A dozen distinct certificates of Viettel, NEWTEL, ONE-CA, FPT, VNPT and the Government CA (as of 2025).
        Assert.True(signers.Count >= 10, $"only {signers.Count} signer certificates found");
        Assert.True(RealWorld.GenuineDeclarations.SelectMany(SignerCertificates).Any(), "no signer certificate in the declarations");
        Assert.Contains(signers, HasExtendedKeyUsage);
        Assert.Contains(signers, c => !HasExtendedKeyUsage(c));

        var refused = signers
            .Select(c => (Certificate: c, Findings: Purposes(c)))
            .Where(r => r.Findings.Count > 0)
            .Select(r => $"{r.Certificate.Issuer} / serial {r.Certificate.SerialNumber}: {string.Join("; ", r.Findings.Select(f => f.Message))}")
            .ToList();
        Assert.True(refused.Count == 0, string.Join(Environment.NewLine, refused));
    }

    [RealWorldFact]
    public void No_end_entity_certificate_of_the_national_trust_store_is_refused_for_its_purposes()
    {
        var endEntities = Directory.EnumerateFiles(RealWorld.CertStore, "*", SearchOption.AllDirectories)
            .SelectMany(f => TrustStoreImport.Read(File.ReadAllBytes(f)))
            .Where(c => c.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault()?.CertificateAuthority != true)
            .DistinctBy(c => c.Thumbprint, StringComparer.Ordinal)
            .ToList();
        // The tax department's own certificates and a bank's, with EKU e-mail protection or Microsoft document signing.
        Assert.NotEmpty(endEntities);
        Assert.All(endEntities, c => Assert.True(ExtendedKeyUsageOnly(c).Count == 0, $"{c.Subject}: {string.Join("; ", ExtendedKeyUsageOnly(c).Select(f => f.Message))}"));
    }

    private static bool HasExtendedKeyUsage(X509Certificate2 certificate) =>
        certificate.Extensions.Any(e => e.Oid?.Value == "2.5.29.37");

    private static IReadOnlyList<SignatureFinding> Purposes(X509Certificate2 certificate)
    {
        var findings = new FindingList();
        KeyUsageCheck.Run(certificate, findings);
        ExtendedKeyUsageCheck.Run(certificate, findings);
        return findings.ToList();
    }

    private static IReadOnlyList<SignatureFinding> ExtendedKeyUsageOnly(X509Certificate2 certificate)
    {
        var findings = new FindingList();
        ExtendedKeyUsageCheck.Run(certificate, findings);
        return findings.ToList();
    }

    /// <summary>The ds:X509Certificate of each signature in the declaration's signature block.</summary>
    private static IEnumerable<X509Certificate2> SignerCertificates(string file)
    {
        var document = SecureXml.Load(File.ReadAllBytes(file));
        foreach (var element in document.GetElementsByTagName("X509Certificate", "http://www.w3.org/2000/09/xmldsig#").OfType<XmlElement>())
        {
            yield return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(element.InnerText));
        }
    }
}
