using Azure.Data.Tables;

namespace EFiling.Review;

/// <summary>
/// What a reviewer may see, as Filings partition-key ranges. The table's PK is {office}_{periodKey}, so an office's
/// filings are the contiguous range [office_, office`) ('`' follows '_'), and a province by code prefix is
/// [prefix, prefix+1). Administrators see everything. The same object answers "may this reviewer see that office?".
/// </summary>
public sealed class ReviewScope
{
    private readonly Reviewer _reviewer;
    private readonly OfficeProvinces _provinces;
    private readonly List<string> _officeRanges = [];
    private readonly List<string> _prefixRanges = [];

    private ReviewScope(Reviewer reviewer, OfficeProvinces provinces) { _reviewer = reviewer; _provinces = provinces; }

    public static async Task<ReviewScope> ForAsync(Reviewer reviewer, OfficeProvinces provinces, CancellationToken ct)
    {
        var scope = new ReviewScope(reviewer, provinces);
        scope._officeRanges.AddRange(reviewer.Offices);
        foreach (var province in reviewer.Provinces)
        {
            if (await provinces.OfficesInAsync(province, ct) is { } offices) scope._officeRanges.AddRange(offices);
            else scope._prefixRanges.Add(province);
        }
        return scope;
    }

    public bool IsEverything => _reviewer.IsAdministrator;

    /// <summary>An officer without offices or a supervisor without a province sees nothing.</summary>
    public bool IsEmpty => !_reviewer.IsAdministrator && _officeRanges.Count == 0 && _prefixRanges.Count == 0;

    public async Task<bool> CoversAsync(string office, CancellationToken ct) =>
        _reviewer.IsAdministrator
        || _reviewer.Offices.Contains(office)
        || (_reviewer.Provinces.Count > 0 && _reviewer.Provinces.Contains(await _provinces.ProvinceOfAsync(office, ct)));

    /// <summary>The OData filter of the partitions in scope; null for everything (check <see cref="IsEmpty"/> first).</summary>
    public string? PartitionFilter() => _reviewer.IsAdministrator || IsEmpty
        ? null
        : "(" + string.Join(" or ", _officeRanges.Distinct().Select(OfficeRange).Concat(_prefixRanges.Select(PrefixRange))) + ")";

    public static string OfficeRange(string office) =>
        TableClient.CreateQueryFilter($"(PartitionKey ge {office + "_"} and PartitionKey lt {office + "`"})");

    private static string PrefixRange(string prefix) =>
        TableClient.CreateQueryFilter($"(PartitionKey ge {prefix} and PartitionKey lt {prefix[..^1] + (char)(prefix[^1] + 1)})");
}
