namespace EFiling.Registry;

/// <summary>Whether a taxpayer may file: only active ones (suspended and closed ones are refused).</summary>
public enum TaxpayerStatus
{
    Active,
    Suspended,
    Closed,
}

/// <summary>A taxpayer registered for e-filing: its managing tax office and the certificates it registered
/// (SHA-1 thumbprints, upper-case hex, the form CA portals show).</summary>
public sealed record TaxpayerRecord(string Mst, string Name, string Office, TaxpayerStatus Status, IReadOnlyList<string> CertificateThumbprints);

/// <summary>An employer for social insurance: the unit code BHXH assigned, its MST and its managing BHXH office.</summary>
public sealed record EmployerRecord(string UnitCode, string Mst, string Name, string Office);

/// <summary>A receiving office (tax or social security): code, name and the province code.</summary>
public sealed record OfficeRecord(string Code, string Name, string Province);
