using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace EFiling.Statistics;

/// <summary>
/// One thing that counts once: a declaration (online through the API, or paper registered at the counter) or a tax
/// payment. <see cref="Key"/> identifies it across deliveries; <see cref="Org"/> is the MST counted for distinct units.
/// </summary>
public sealed partial record CountedItem(string Source, string Id, string Kind, string Channel, string Org, string Office, string? OfficeName, DateOnly Date)
{
    /// <summary>Sources: a filing received by the API, a counter (paper) filing, a payment.</summary>
    public const string Filing = "f";
    public const string CounterFiling = "c";
    public const string Payment = "p";

    /// <summary>Safe for a row key: the id itself when it is plain, else its SHA-256 (same id, same key).</summary>
    public string Key => $"{Source}:{(PlainId().IsMatch(Id) ? Id : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Id))))}";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,80}$")]
    private static partial Regex PlainId();
}
