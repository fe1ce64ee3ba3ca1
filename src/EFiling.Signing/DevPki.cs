using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace EFiling.Signing;

/// <summary>
/// A development PKI on disk: root CA, issuing CA, taxpayer certificates (valid, expired, revoked), tax agents' certificates, the
/// service's receipt-signing certificate, and CRLs of both CAs in <c>crl/</c>. For local runs and tests only: keys and passwords are
/// written in the clear. Layout: see <see cref="DevPkiManifest"/> and <c>pki.json</c>.
/// </summary>
public sealed class DevPki : IDisposable
{
    private DevPki(
        string folder, DevPkiManifest manifest, X509Certificate2 rootCa, X509Certificate2 issuingCa,
        X509Certificate2 receiptSigning, IReadOnlyList<DevPkiTaxpayerCertificate> taxpayers, IReadOnlyList<DevPkiTaxpayerCertificate> agents)
    {
        Folder = folder;
        Manifest = manifest;
        RootCa = rootCa;
        IssuingCa = issuingCa;
        ReceiptSigning = receiptSigning;
        Taxpayers = taxpayers;
        Agents = agents;
    }

    public string Folder { get; }

    public DevPkiManifest Manifest { get; }

    /// <summary>The root CA certificate (public part only; its key is not kept).</summary>
    public X509Certificate2 RootCa { get; }

    /// <summary>The issuing CA with its private key, to issue extra certificates (<see cref="IssueCertificate"/>).</summary>
    public X509Certificate2 IssuingCa { get; }

    /// <summary>The service's receipt-signing certificate with its private key.</summary>
    public X509Certificate2 ReceiptSigning { get; }

    public IReadOnlyList<DevPkiTaxpayerCertificate> Taxpayers { get; }

    /// <summary>Tax agents' certificates (empty for a PKI made before agents were issued).</summary>
    public IReadOnlyList<DevPkiTaxpayerCertificate> Agents { get; }

    /// <summary>Generates a new PKI into <paramref name="folder"/> (created if needed; files are overwritten) and loads it.</summary>
    public static DevPki Create(string folder, DevPkiOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        DevPkiGenerator.Generate(folder, options ?? new DevPkiOptions());
        return Load(folder);
    }

    /// <summary>Loads the PKI in <paramref name="folder"/>, or creates it when there is no <c>pki.json</c> yet.</summary>
    public static DevPki LoadOrCreate(string folder, DevPkiOptions? options = null) =>
        File.Exists(DevPkiLayout.Full(folder, DevPkiLayout.Manifest)) ? Load(folder) : Create(folder, options);

    /// <summary>Reads a PKI written by <see cref="Create"/>.</summary>
    public static DevPki Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var manifestPath = DevPkiLayout.Full(folder, DevPkiLayout.Manifest);
        var manifest = JsonSerializer.Deserialize<DevPkiManifest>(File.ReadAllText(manifestPath), DevPkiLayout.Json)
                       ?? throw new InvalidDataException($"{manifestPath} is empty.");

        var root = X509CertificateLoader.LoadCertificateFromFile(DevPkiLayout.Full(folder, manifest.RootCa));
        var issuing = LoadPfx(folder, manifest.IssuingCaKey.File, manifest.IssuingCaKey.Password);
        var receipt = LoadPfx(folder, manifest.ReceiptSigning.File, manifest.ReceiptSigning.Password);
        DevPkiTaxpayerCertificate[] Certificates(IEnumerable<DevPkiManifestTaxpayer> entries) => entries
            .Select(t => new DevPkiTaxpayerCertificate(
                t.Mst, t.Name, t.Kind, LoadPfx(folder, t.File, t.Password), DevPkiLayout.Full(folder, t.File),
                DevPkiLayout.Full(folder, t.CertificatePem), DevPkiLayout.Full(folder, t.PrivateKeyPem)))
            .ToArray();
        return new DevPki(folder, manifest, root, issuing, receipt, Certificates(manifest.Taxpayers), Certificates(manifest.Agents ?? []));
    }

    /// <summary>The taxpayer certificate for an MST.</summary>
    public DevPkiTaxpayerCertificate Taxpayer(string mst) =>
        Taxpayers.FirstOrDefault(t => t.Mst == mst) ?? throw new KeyNotFoundException($"No dev certificate for MST {mst}.");

    /// <summary>The tax agent certificate for an MST.</summary>
    public DevPkiTaxpayerCertificate Agent(string mst) =>
        Agents.FirstOrDefault(t => t.Mst == mst) ?? throw new KeyNotFoundException($"No dev tax agent certificate for MST {mst}.");

    /// <summary>The first taxpayer certificate of a kind (valid, expired, revoked).</summary>
    public DevPkiTaxpayerCertificate FirstOf(DevCertificateKind kind) =>
        Taxpayers.FirstOrDefault(t => t.Kind == kind) ?? throw new KeyNotFoundException($"No {kind} certificate in this dev PKI.");

    /// <summary>Absolute path of a file named in the manifest.</summary>
    public string PathOf(string relative) => DevPkiLayout.Full(Folder, relative);

    /// <summary>Verifier options that trust this PKI, read from its files as a deployment would.</summary>
    public SignatureVerifierOptions CreateVerifierOptions() =>
        SignatureVerifierOptions.FromFiles(
            PathOf(Manifest.TrustedRoots), PathOf(Manifest.Intermediates), PathOf(DevPkiLayout.CrlFolder));

    /// <summary>Issues an extra certificate (kept in memory, not written) from the issuing CA, e.g. with a
    /// subject lacking the MST or without signing key usage, for negative tests.</summary>
    public X509Certificate2 IssueCertificate(
        X500DistinguishedName subject, DateTimeOffset notBefore, DateTimeOffset notAfter,
        X509KeyUsageFlags keyUsage = DevPkiGenerator.SigningUsage, int keySize = 2048, IEnumerable<X509Extension>? extraExtensions = null) =>
        DevCertificateFactory.CreateEndEntity(IssuingCa, subject, keySize, notBefore, notAfter, keyUsage, extraExtensions);

    /// <summary>A taxpayer subject like Vietnamese CAs issue: C, L, O, CN and <c>UID=MST:…</c> (omitted when
    /// <paramref name="mst"/> is null).</summary>
    public static X500DistinguishedName TaxpayerSubject(string? mst, string name, string locality = "Hà Nội")
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("VN");
        builder.AddLocalityName(locality);
        builder.AddOrganizationName(name);
        builder.AddCommonName(name);
        if (mst is not null)
        {
            builder.Add(CertificateMst.UidOid, "MST:" + mst, UniversalTagNumber.UTF8String);
        }

        return builder.Build();
    }

    public void Dispose()
    {
        RootCa.Dispose();
        IssuingCa.Dispose();
        ReceiptSigning.Dispose();
        foreach (var taxpayer in Taxpayers.Concat(Agents))
        {
            taxpayer.Certificate.Dispose();
        }
    }

    private static X509Certificate2 LoadPfx(string folder, string relative, string password) =>
        X509CertificateLoader.LoadPkcs12FromFile(DevPkiLayout.Full(folder, relative), password, X509KeyStorageFlags.Exportable);
}
