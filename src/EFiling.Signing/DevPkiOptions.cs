namespace EFiling.Signing;

/// <summary>What a dev taxpayer certificate is for in tests.</summary>
public enum DevCertificateKind
{
    Valid,
    Expired,
    Revoked,
}

/// <summary>One taxpayer certificate to issue. <paramref name="Mst"/> becomes <c>UID=MST:…</c> and the file name.</summary>
public sealed record DevTaxpayer(string Mst, string Name, DevCertificateKind Kind = DevCertificateKind.Valid, string Locality = "Hà Nội");

/// <summary>Inputs of <see cref="DevPki.Create"/>. The defaults give a usable PKI for local runs and tests.</summary>
public sealed record DevPkiOptions
{
    /// <summary>Default taxpayers; every MST has a correct check digit.</summary>
    public static readonly IReadOnlyList<DevTaxpayer> DefaultTaxpayers =
    [
        new("0100109106", "CÔNG TY TNHH ABC"),
        new("0101601092", "CÔNG TY CỔ PHẦN XYZ"),
        new("0312345673", "CÔNG TY TNHH THƯƠNG MẠI SÀI GÒN", Locality: "TP. Hồ Chí Minh"),
        new("0401122333", "CÔNG TY TNHH ĐÀ NẴNG XANH", DevCertificateKind.Expired, "Đà Nẵng"),
        new("0200987658", "CÔNG TY CỔ PHẦN CẢNG HẢI PHÒNG MỚI", DevCertificateKind.Revoked, "Hải Phòng"),
    ];

    public IReadOnlyList<DevTaxpayer> Taxpayers { get; init; } = DefaultTaxpayers;

    /// <summary>Default tax agents (đại lý thuế), valid certificates with their own MSTs (correct check digits): they
    /// sign their clients' declarations, naming themselves in DLyThue.</summary>
    public static readonly IReadOnlyList<DevTaxpayer> DefaultAgents =
    [
        new("0317778889", "CÔNG TY TNHH ĐẠI LÝ THUẾ SÀI GÒN TÍN VIỆT", Locality: "TP. Hồ Chí Minh"),
        new("0108889994", "CÔNG TY TNHH ĐẠI LÝ THUẾ MINH AN"),
    ];

    /// <summary>Tax agents' certificates, issued like taxpayers' (same folder and files) but listed apart in pki.json.</summary>
    public IReadOnlyList<DevTaxpayer> Agents { get; init; } = DefaultAgents;

    /// <summary>Password of every PFX written (dev only; it is also written to pki.json).</summary>
    public string Password { get; init; } = "efiling-dev";

    /// <summary>"Now" for validity periods and the CRL; defaults to the current time.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Root CA key size; 3072 keeps generation well under a second.</summary>
    public int RootKeySize { get; init; } = 3072;

    public int IssuingKeySize { get; init; } = 3072;

    public int EndEntityKeySize { get; init; } = 2048;

    /// <summary>Validity of valid taxpayer and receipt certificates.</summary>
    public TimeSpan CertificateValidity { get; init; } = TimeSpan.FromDays(730);

    /// <summary>CRL nextUpdate − thisUpdate. Long, so a dev PKI made once keeps working for a while.</summary>
    public TimeSpan CrlValidity { get; init; } = TimeSpan.FromDays(365);
}
