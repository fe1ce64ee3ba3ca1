using Azure;
using Azure.Data.Tables;

namespace EFiling.Registry;

/// <summary>Taxpayers row: PK MST, RK "taxpayer" (one point read per filing).</summary>
public sealed class TaxpayerEntity : ITableEntity
{
    public const string Row = "taxpayer";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Name { get; set; } = "";
    public string Office { get; set; } = "";
    public string Status { get; set; } = nameof(TaxpayerStatus.Active);

    /// <summary>Registered certificate thumbprints, ';'-separated.</summary>
    public string Certificates { get; set; } = "";
}

/// <summary>Employers row: PK unit code, RK "employer"; and a pointer PK "mst_{MST}", RK unit code, so the
/// employers of one MST are one partition query.</summary>
public sealed class EmployerEntity : ITableEntity
{
    public const string Row = "employer";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string UnitCode { get; set; } = "";
    public string Mst { get; set; } = "";
    public string Name { get; set; } = "";
    public string Office { get; set; } = "";

    public static string MstPartition(string mst) => "mst_" + mst;
}

/// <summary>TaxOffices row: PK office code, RK "office".</summary>
public sealed class OfficeEntity : ITableEntity
{
    public const string Row = "office";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Name { get; set; } = "";
    public string Province { get; set; } = "";
}
