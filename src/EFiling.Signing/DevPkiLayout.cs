using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace EFiling.Signing;

/// <summary>File names inside a dev PKI folder and the manifest's JSON settings, shared by writer and reader.</summary>
internal static class DevPkiLayout
{
    public const string Manifest = "pki.json";
    public const string RootCa = "root-ca.pem";
    public const string IssuingCa = "issuing-ca.pem";
    public const string IssuingCaPfx = "issuing-ca.pfx";
    public const string TrustedRoots = "trusted-roots.pem";
    public const string Intermediates = "intermediates.pem";
    public const string CrlFolder = "crl";
    public const string Crl = "crl/issuing-ca.crl";
    public const string RootCrl = "crl/root-ca.crl";
    public const string ReceiptSigning = "receipt-signing.pfx";
    public const string TaxpayersFolder = "taxpayers";

    public static string TaxpayerPfx(string mst) => $"{TaxpayersFolder}/{mst}.pfx";

    public static string TaxpayerPem(string mst) => $"{TaxpayersFolder}/{mst}.pem";

    public static string TaxpayerKey(string mst) => $"{TaxpayersFolder}/{mst}.key.pem";

    public static string Full(string folder, string relative) =>
        Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));

    // Vietnamese names stay readable in pki.json; enums as "valid" / "expired" / "revoked".
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
