using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using EFiling.Declarations.Identifiers;

namespace EFiling.Registry;

/// <summary>Which registry a CSV file holds, told by its header row.</summary>
public enum RegistryKind
{
    Taxpayers,
    Employers,
    Offices,
    Agents,
}

/// <summary>A problem in a registry CSV: a stable code, the 1-based line and a message.</summary>
public sealed record RegistryError(string Code, int Line, string Message);

/// <summary>What a CSV file holds once read: every valid row, and every error (an import with errors writes nothing).</summary>
public sealed record RegistryFile(RegistryKind? Kind, IReadOnlyList<TaxpayerRecord> Taxpayers, IReadOnlyList<EmployerRecord> Employers,
    IReadOnlyList<OfficeRecord> Offices, IReadOnlyList<RegistryError> Errors)
{
    /// <summary>Tax agents' engagements by their clients (an agents file).</summary>
    public IReadOnlyList<AgentEngagementRecord> Engagements { get; init; } = [];

    public int Count => Taxpayers.Count + Employers.Count + Offices.Count + Engagements.Count;
}

/// <summary>
/// Reads and writes registry CSV files (RFC 4180 through CsvHelper, UTF-8, header row required):
/// <c>mst,name,office,status,certificates</c> (taxpayers; certificates ';'-separated SHA-1 thumbprints),
/// <c>unitCode,mst,name,office</c> (employers), <c>code,name,province</c> (offices),
/// <c>agentMst,agentName,clientMst,from,to,contract</c> (tax agents' engagements: one row per agent–client engagement,
/// <c>from</c>/<c>to</c> ISO dates yyyy-MM-dd, both included, <c>to</c> empty = open; agentName and contract optional).
/// </summary>
public static partial class RegistryCsv
{
    public const string UnknownFormat = "REG_UNKNOWN_FORMAT";
    public const string FieldMissing = "REG_FIELD_MISSING";
    public const string MstInvalid = "REG_MST_INVALID";
    public const string StatusInvalid = "REG_STATUS_INVALID";
    public const string ThumbprintInvalid = "REG_THUMBPRINT_INVALID";
    public const string Duplicate = "REG_DUPLICATE";
    public const string Malformed = "REG_CSV_MALFORMED";
    public const string DateInvalid = "REG_DATE_INVALID";
    public const string PeriodInvalid = "REG_PERIOD_INVALID";
    public const string AgentIsClient = "REG_AGENT_IS_CLIENT";
    public const string EngagementOverlap = "REG_ENGAGEMENT_OVERLAP";

    public static readonly string[] TaxpayerHeader = ["mst", "name", "office", "status", "certificates"];
    public static readonly string[] EmployerHeader = ["unitCode", "mst", "name", "office"];
    public static readonly string[] OfficeHeader = ["code", "name", "province"];
    public static readonly string[] AgentHeader = ["agentMst", "agentName", "clientMst", "from", "to", "contract"];

    /// <summary>The one date format of registry files (ISO 8601 calendar date).</summary>
    public const string DateFormat = "yyyy-MM-dd";

    public static RegistryFile Read(TextReader text)
    {
        var taxpayers = new List<TaxpayerRecord>();
        var employers = new List<EmployerRecord>();
        var offices = new List<OfficeRecord>();
        var engagements = new List<(AgentEngagementRecord Row, int Line)>();
        var errors = new List<RegistryError>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        RegistryKind? kind = null;
        try
        {
            using var csv = CsvReader.Create(text, new CsvReaderOptions { HasHeader = true, TrimWhitespace = true, TrackLineNumbers = true }, leaveOpen: true);
            csv.ReadHeader();
            if ((kind = KindOf(csv.Headers)) is null)
                return new RegistryFile(null, [], [], [], [new RegistryError(UnknownFormat, 1,
                    $"The header must be one of: {string.Join(',', TaxpayerHeader)} | {string.Join(',', EmployerHeader)} | {string.Join(',', OfficeHeader)} | {string.Join(',', AgentHeader)}.")]);
            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                // Optional columns (status, certificates, province) may be absent from the header.
                string Field(string name) => csv.TryGetFieldIndex(name, out var i) && i < csv.FieldCount ? csv.GetString(i).Trim() : "";
                bool Required(params string[] names)
                {
                    var missing = names.Where(n => Field(n).Length == 0).ToList();
                    foreach (var n in missing) errors.Add(new RegistryError(FieldMissing, line, $"'{n}' is empty."));
                    return missing.Count == 0;
                }
                bool ValidMst(string value)
                {
                    if (Mst.TryParse(value, out _)) return true;
                    errors.Add(new RegistryError(MstInvalid, line, $"'{value}' is not a valid MST (10 digits with a correct check digit, optionally -NNN)."));
                    return false;
                }
                DateOnly? ValidDate(string name)
                {
                    var value = Field(name);
                    if (DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
                    errors.Add(new RegistryError(DateInvalid, line, $"'{name}' is '{value}', not a date {DateFormat}."));
                    return null;
                }
                bool Unique(string key)
                {
                    if (keys.Add(key)) return true;
                    errors.Add(new RegistryError(Duplicate, line, $"'{key}' appears more than once."));
                    return false;
                }

                switch (kind)
                {
                    case RegistryKind.Taxpayers:
                    {
                        if (!Required("mst", "name", "office") || !ValidMst(Field("mst")) || !Unique(Field("mst"))) continue;
                        var statusText = Field("status");
                        var status = TaxpayerStatus.Active;
                        if (statusText.Length > 0 && !Enum.TryParse(statusText, ignoreCase: true, out status))
                        {
                            errors.Add(new RegistryError(StatusInvalid, line, $"'{statusText}' is not active, suspended or closed."));
                            continue;
                        }
                        var thumbprints = Field("certificates").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                            .Select(t => t.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToList();
                        var bad = thumbprints.Where(t => !Sha1Hex().IsMatch(t)).ToList();
                        foreach (var t in bad) errors.Add(new RegistryError(ThumbprintInvalid, line, $"'{t}' is not a SHA-1 thumbprint (40 hex digits)."));
                        if (bad.Count == 0) taxpayers.Add(new TaxpayerRecord(Field("mst"), Field("name"), Field("office"), status, thumbprints));
                        break;
                    }
                    case RegistryKind.Employers:
                        if (!Required("unitCode", "mst", "office") || !ValidMst(Field("mst")) || !Unique(Field("unitCode"))) continue;
                        employers.Add(new EmployerRecord(Field("unitCode"), Field("mst"), Field("name"), Field("office")));
                        break;
                    case RegistryKind.Offices:
                        if (!Required("code", "name") || !Unique(Field("code"))) continue;
                        offices.Add(new OfficeRecord(Field("code"), Field("name"), Field("province")));
                        break;
                    case RegistryKind.Agents:
                    {
                        if (!Required("agentMst", "clientMst", "from")) continue;
                        var agentOk = ValidMst(Field("agentMst"));
                        var clientOk = ValidMst(Field("clientMst"));
                        var from = ValidDate("from");
                        var to = Field("to").Length == 0 ? (DateOnly?)null : ValidDate("to");
                        if (!agentOk || !clientOk || from is null || (Field("to").Length > 0 && to is null)) continue;
                        if (Field("agentMst") == Field("clientMst"))
                        {
                            errors.Add(new RegistryError(AgentIsClient, line, $"Agent {Field("agentMst")} is named as its own client."));
                            continue;
                        }
                        if (to < from)
                        {
                            errors.Add(new RegistryError(PeriodInvalid, line, $"'to' ({to:yyyy-MM-dd}) is before 'from' ({from:yyyy-MM-dd})."));
                            continue;
                        }
                        if (!Unique($"{Field("agentMst")},{Field("clientMst")},{from:yyyy-MM-dd}")) continue;
                        var row = new AgentEngagementRecord(Field("agentMst"), Field("agentName"), Field("clientMst"), from.Value, to, Field("contract"));
                        // The same agent and client twice at once would make "which contract?" unanswerable: refused.
                        // Different agents for one client at the same time are allowed (each for its own services).
                        if (engagements.FirstOrDefault(e => e.Row.AgentMst == row.AgentMst && e.Row.ClientMst == row.ClientMst && e.Row.Overlaps(row)) is { Row: not null } earlier)
                        {
                            errors.Add(new RegistryError(EngagementOverlap, line,
                                $"Agent {row.AgentMst}'s engagement by {row.ClientMst} overlaps the one on line {earlier.Line}."));
                            continue;
                        }
                        engagements.Add((row, line));
                        break;
                    }
                }
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(new RegistryError(Malformed, 0, $"Not a well-formed CSV file: {e.Message.Split('\n')[0]}"));
        }
        return new RegistryFile(kind, taxpayers, employers, offices, errors) { Engagements = engagements.Select(e => e.Row).ToList() };
    }

    public static RegistryKind? KindOf(IReadOnlyList<string> header)
    {
        bool Has(params string[] columns) => columns.All(c => header.Contains(c, StringComparer.Ordinal));
        if (Has("agentMst", "clientMst", "from")) return RegistryKind.Agents;
        if (Has("unitCode", "mst", "office")) return RegistryKind.Employers;
        if (Has("mst", "name", "office")) return RegistryKind.Taxpayers;
        if (Has("code", "name")) return RegistryKind.Offices;
        return null;
    }

    public static void WriteTaxpayers(TextWriter text, IEnumerable<TaxpayerRecord> rows) =>
        Write(text, TaxpayerHeader, rows.Select(t => new[] { t.Mst, t.Name, t.Office, t.Status.ToString().ToLowerInvariant(), string.Join(';', t.CertificateThumbprints) }));

    public static void WriteEmployers(TextWriter text, IEnumerable<EmployerRecord> rows) =>
        Write(text, EmployerHeader, rows.Select(e => new[] { e.UnitCode, e.Mst, e.Name, e.Office }));

    public static void WriteOffices(TextWriter text, IEnumerable<OfficeRecord> rows) =>
        Write(text, OfficeHeader, rows.Select(o => new[] { o.Code, o.Name, o.Province }));

    public static void WriteEngagements(TextWriter text, IEnumerable<AgentEngagementRecord> rows) =>
        Write(text, AgentHeader, rows.Select(e => new[]
        {
            e.AgentMst, e.AgentName, e.ClientMst, e.From.ToString(DateFormat, CultureInfo.InvariantCulture),
            e.To?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? "", e.Contract,
        }));

    private static void Write(TextWriter text, string[] header, IEnumerable<string[]> rows)
    {
        using var csv = CsvWriter.Create(text, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        csv.WriteRecord(header);
        foreach (var row in rows) csv.WriteRecord(row);
    }

    [GeneratedRegex("^[0-9A-F]{40}$")]
    private static partial Regex Sha1Hex();
}
