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

/// <summary>
/// A tax agent's (đại lý thuế's) engagement by a client taxpayer, from the agents registry: the agent may file and sign
/// the client's declarations from <see cref="From"/> to <see cref="To"/> (Vietnam calendar dates, both included; no
/// <see cref="To"/> = open-ended). The agent itself is a row of the taxpayers registry too, with its own certificates.
/// </summary>
public sealed record AgentEngagementRecord(string AgentMst, string AgentName, string ClientMst, DateOnly From, DateOnly? To, string Contract)
{
    /// <summary>Whether the engagement is in force on <paramref name="day"/>.</summary>
    public bool Covers(DateOnly day) => From <= day && (To is not { } to || day <= to);

    /// <summary>Whether two engagements share at least one day.</summary>
    public bool Overlaps(AgentEngagementRecord other) =>
        From <= (other.To ?? DateOnly.MaxValue) && other.From <= (To ?? DateOnly.MaxValue);
}
