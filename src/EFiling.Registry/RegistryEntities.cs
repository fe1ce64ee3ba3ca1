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

/// <summary>
/// A tax agent's engagement, kept in the Taxpayers table beside its client's row: PK client MST, RK
/// "agent_{agent MST}_{from yyyyMMdd}", so the engagements of one agent by one client are one range query in the
/// partition the filing's taxpayer is read from (no table of its own, nothing for the infrastructure to add).
/// </summary>
public sealed class AgentEngagementEntity : ITableEntity
{
    public const string RowPrefix = "agent_";
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string AgentMst { get; set; } = "";
    public string AgentName { get; set; } = "";

    /// <summary>yyyy-MM-dd; <see cref="To"/> empty when open-ended.</summary>
    public string From { get; set; } = "";
    public string To { get; set; } = "";
    public string Contract { get; set; } = "";

    /// <summary>Row keys of one agent's engagements start with this ('_' closes the MST, so 10 digits never match 13).</summary>
    public static string AgentPrefix(string agentMst) => RowPrefix + agentMst + "_";

    public static string RowOf(string agentMst, DateOnly from) => AgentPrefix(agentMst) + from.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
}
