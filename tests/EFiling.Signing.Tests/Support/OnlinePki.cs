using EFiling.Declarations.Findings;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EFiling.Signing;

namespace EFiling.Signing.Tests.Support;

/// <summary>
/// A PKI whose certificates point at revocation services on 127.0.0.1: a CRL server (<see cref="Crls"/>) for the
/// root's and the issuing CA's CRLs, and an <c>openssl ocsp</c> responder (<see cref="Ocsp"/>) for the issuing CA,
/// signed by a delegated responder certificate. Each taxpayer certificate points somewhere different.
/// </summary>
public sealed class OnlinePki : IDisposable
{
    public const string RootCrlPath = "root.crl";
    public const string IssuingCrlPath = "issuing.crl";

    public OnlinePki()
    {
        Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Crls = new CrlServer();
        _deadPort = DeadPort.Hold();
        DeadUrl = $"http://127.0.0.1:{_deadPort.Port}/";

        Root = DevCertificateFactory.CreateRoot(new X500DistinguishedName("CN=Online Test Root CA, O=EFiling Tests, C=VN"), 2048, Now.AddYears(-1), Now.AddYears(5));
        Issuing = Issue(Root, new X500DistinguishedName("CN=Online Test Issuing CA, O=EFiling Tests, C=VN"), ca: true, crl: [Crls.Url(RootCrlPath)]);
        Responder = Issue(Issuing, new X500DistinguishedName("CN=Online Test OCSP Responder, O=EFiling Tests, C=VN"), ca: false, ocspSigning: true);
        // Issued by the right CA but not for OCSP signing: its answers must not count.
        RogueResponder = Issue(Issuing, new X500DistinguishedName("CN=Online Test Not A Responder, O=EFiling Tests, C=VN"), ca: false);

        // The responders start before the certificates that name them exist (their URL holds the port openssl
        // chose), so their index is written from serial numbers planned here.
        byte[] good = NewSerial(), revoked = NewSerial(), rogueGood = NewSerial();
        Ocsp = new OcspResponder(Issuing, Responder, [Entry(good, "OCSP good", null), Entry(revoked, "OCSP revoked", Now.AddHours(-1))]);
        RogueOcsp = new OcspResponder(Issuing, RogueResponder, [Entry(rogueGood, "rogue answered", null)]);
        OcspUrl = Ocsp.Url;

        CrlRevoked = Taxpayer("CRL revoked", crl: [Crls.Url(IssuingCrlPath)]);
        CrlGood = Taxpayer("CRL good", crl: [Crls.Url(IssuingCrlPath)]);
        OcspRevoked = Taxpayer("OCSP revoked", ocsp: [OcspUrl], serial: revoked);
        OcspGood = Taxpayer("OCSP good", ocsp: [OcspUrl], serial: good);
        // OCSP down, CRL published: OCSP is asked first and the CRL decides.
        OcspDownCrlGood = Taxpayer("OCSP down CRL good", ocsp: [DeadUrl], crl: [Crls.Url(IssuingCrlPath)]);
        Unreachable = Taxpayer("unreachable", ocsp: [DeadUrl], crl: [DeadUrl + "issuing.crl"]);
        NoPointers = Taxpayer("no pointers");
        RogueAnswered = Taxpayer("rogue answered", ocsp: [RogueOcsp.Url], serial: rogueGood);
        OtherSchemes = Taxpayer("other schemes", ocsp: [$"ldap://127.0.0.1:{Crls.Port}/ocsp"],
            crl: [$"ldap://127.0.0.1:{Crls.Port}/{IssuingCrlPath}", "file:///etc/passwd", $"https://127.0.0.1:{Crls.Port}/{IssuingCrlPath}"]);

        PublishIssuingCrl(Now.AddMinutes(-1), Now.AddHours(1));
        Crls.Publish(RootCrlPath, DevCertificateFactory.CreateCrl(Root, [], Now.AddMinutes(-1), Now.AddDays(30)));
    }

    private readonly DeadPort _deadPort;

    private OcspEntry Entry(byte[] serial, string name, DateTimeOffset? revokedAt) =>
        new(Convert.ToHexString(serial), TaxpayerNotAfter, name, revokedAt);

    private DateTimeOffset TaxpayerNotAfter => Now.AddYears(1);

    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }

    public DateTimeOffset Now { get; }

    public CrlServer Crls { get; }

    public OcspResponder Ocsp { get; }

    /// <summary>A responder signing with <see cref="RogueResponder"/>, answering "good" for <see cref="RogueAnswered"/>.</summary>
    public OcspResponder RogueOcsp { get; }

    public X509Certificate2 RogueResponder { get; }

    public X509Certificate2 RogueAnswered { get; }

    public string OcspUrl { get; }

    /// <summary>A URL on which nothing listens, and nothing can while the fixture lives (see <see cref="DeadPort"/>).</summary>
    public string DeadUrl { get; }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Issuing { get; }

    public X509Certificate2 Responder { get; }

    public X509Certificate2 CrlRevoked { get; }

    public X509Certificate2 CrlGood { get; }

    public X509Certificate2 OcspRevoked { get; }

    public X509Certificate2 OcspGood { get; }

    public X509Certificate2 OcspDownCrlGood { get; }

    public X509Certificate2 Unreachable { get; }

    public X509Certificate2 NoPointers { get; }

    public X509Certificate2 OtherSchemes { get; }

    /// <summary>The issuing CA's CRL on the server, revoking <see cref="CrlRevoked"/> an hour before <see cref="Now"/>.</summary>
    public void PublishIssuingCrl(DateTimeOffset thisUpdate, DateTimeOffset nextUpdate) =>
        Crls.Publish(IssuingCrlPath, DevCertificateFactory.CreateCrl(Issuing, [(CrlRevoked, Now.AddHours(-1))], thisUpdate, nextUpdate));

    /// <summary>Trusts the root, helps with the issuing CA, no seeded CRLs, online revocation through <paramref name="source"/>.</summary>
    public SignatureVerifierOptions Options(RevocationSource source, Severity whenUnknown = Severity.Reject) => new()
    {
        TrustedRoots = [X509CertificateLoader.LoadCertificate(Root.RawData)],
        Intermediates = [X509CertificateLoader.LoadCertificate(Issuing.RawData)],
        OnlineRevocation = source,
        RevocationUnknownSeverity = whenUnknown,
    };

    private X509Certificate2 Taxpayer(string name, string[]? ocsp = null, string[]? crl = null, byte[]? serial = null)
    {
        var subject = DevPki.TaxpayerSubject(TestDocuments.Mst, "CÔNG TY TNHH " + name.ToUpperInvariant());
        return Issue(Issuing, subject, ca: false, ocsp: ocsp, crl: crl, usage: DevPkiGenerator.SigningUsage, serial: serial);
    }

    private X509Certificate2 Issue(
        X509Certificate2 issuer, X500DistinguishedName subject, bool ca, string[]? ocsp = null, string[]? crl = null, bool ocspSigning = false,
        X509KeyUsageFlags? usage = null, byte[]? serial = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, ca, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            ca ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : usage ?? X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        if (ocspSigning)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.9")], false));
        }

        if (crl is { Length: > 0 })
        {
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension(crl));
        }

        if (ocsp is { Length: > 0 })
        {
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(ocsp, null));
        }

        using var certificate = request.Create(issuer, Now.AddDays(-1), ca ? Now.AddYears(4) : TaxpayerNotAfter, serial ?? NewSerial());
        return certificate.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        Ocsp.Dispose();
        RogueOcsp.Dispose();
        Crls.Dispose();
        _deadPort.Dispose();
        foreach (var c in new[] { RogueResponder, RogueAnswered, Root, Issuing, Responder, CrlRevoked, CrlGood, OcspRevoked, OcspGood, OcspDownCrlGood, Unreachable, NoPointers, OtherSchemes })
        {
            c.Dispose();
        }
    }
}
