using System.Security.Cryptography.X509Certificates;
using EFiling.Signing;

namespace EFiling.Signing.Tests.Support;

/// <summary>
/// A root CA, an issuing CA and one taxpayer certificate (MST <see cref="TestDocuments.Mst"/>), made in memory with
/// the root's key kept, so a test can publish whatever root CRL it needs (the dev PKI throws the root key away).
/// </summary>
public sealed class ChainPki : IDisposable
{
    private static readonly X500DistinguishedName RootName = new("CN=Chain Test Root CA, O=EFiling Tests, C=VN");

    public ChainPki()
    {
        Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Root = DevCertificateFactory.CreateRoot(RootName, 2048, Now.AddYears(-1), Now.AddYears(5));
        Issuing = DevCertificateFactory.CreateIssuingCa(Root, new X500DistinguishedName("CN=Chain Test Issuing CA, O=EFiling Tests, C=VN"), 2048, Now.AddYears(-1), Now.AddYears(4));
        Signer = DevCertificateFactory.CreateEndEntity(
            Issuing, DevPki.TaxpayerSubject(TestDocuments.Mst, "CÔNG TY TNHH ABC"), 2048, Now.AddDays(-1), Now.AddYears(1), DevPkiGenerator.SigningUsage);
        SignerInPartition = DevCertificateFactory.CreateEndEntity(
            Issuing, DevPki.TaxpayerSubject(TestDocuments.Mst, "CÔNG TY TNHH ABC"), 2048, Now.AddDays(-1), Now.AddYears(1), DevPkiGenerator.SigningUsage,
            [CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([PartitionUrl])]);
        // Same root name, other key: what a forger could sign CRLs with.
        ImpostorRoot = DevCertificateFactory.CreateRoot(RootName, 2048, Now.AddYears(-1), Now.AddYears(5));
    }

    /// <summary>The CRL distribution point of <see cref="SignerInPartition"/>: one partition of the issuing CA's CRLs.</summary>
    public const string PartitionUrl = "http://crl.chain.test/issuing-part-1.crl";

    /// <summary>When the PKI was made, in whole seconds.</summary>
    public DateTimeOffset Now { get; }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Issuing { get; }

    public X509Certificate2 Signer { get; }

    public X509Certificate2 ImpostorRoot { get; }

    /// <summary>A second taxpayer certificate of the same MST whose CRL distribution point is <see cref="PartitionUrl"/>.</summary>
    public X509Certificate2 SignerInPartition { get; }

    /// <summary>A complete CRL signed by <paramref name="issuer"/>, valid for 30 days, listing <paramref name="revoked"/>.</summary>
    public RevocationList Crl(X509Certificate2 issuer, params (X509Certificate2 Certificate, DateTimeOffset RevokedAt)[] revoked) =>
        RevocationList.Parse(DevCertificateFactory.CreateCrl(issuer, revoked, Now.AddMinutes(-1), Now.AddDays(30)));

    /// <summary>Trusts <see cref="Root"/>, helps with <see cref="Issuing"/>, and checks revocation with <paramref name="crls"/>.</summary>
    public SignatureVerifierOptions Options(params RevocationList[] crls) => new()
    {
        TrustedRoots = [X509CertificateLoader.LoadCertificate(Root.RawData)],
        Intermediates = [X509CertificateLoader.LoadCertificate(Issuing.RawData)],
        Crls = crls,
    };

    public void Dispose()
    {
        Root.Dispose();
        Issuing.Dispose();
        Signer.Dispose();
        SignerInPartition.Dispose();
        ImpostorRoot.Dispose();
    }
}
