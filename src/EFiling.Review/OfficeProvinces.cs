using Azure.Data.Tables;
using EFiling.Storage;

namespace EFiling.Review;

/// <summary>
/// Which province an office belongs to, for supervisors. From the TaxOffices registry (PK office code, RK "office",
/// Province) when it has rows; otherwise the fallback is the first 3 digits of the office code (101 Hà Nội,
/// 701 TP. HCM), which is how GDT codes are built but is not guaranteed after the 2025 reorganisation.
/// The registry is small and changes rarely, so it is read at most once a minute.
/// </summary>
public sealed class OfficeProvinces(ReviewTables tables, TimeProvider time)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
    private readonly TableClient _offices = tables.TaxOffices;
    private (DateTimeOffset At, IReadOnlyDictionary<string, string> Map)? _cache;

    public const int FallbackPrefixLength = 3;

    public async Task<string> ProvinceOfAsync(string office, CancellationToken ct)
    {
        var map = await RegistryAsync(ct);
        return map.TryGetValue(office, out var province) ? province : Fallback(office);
    }

    /// <summary>The province's offices from the registry, or null when there is no registry (use the code prefix).</summary>
    public async Task<IReadOnlyList<string>?> OfficesInAsync(string province, CancellationToken ct)
    {
        var map = await RegistryAsync(ct);
        return map.Count == 0 ? null : map.Where(kv => kv.Value == province).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
    }

    public static string Fallback(string office) => office.Length >= FallbackPrefixLength ? office[..FallbackPrefixLength] : office;

    private async Task<IReadOnlyDictionary<string, string>> RegistryAsync(CancellationToken ct)
    {
        if (_cache is { } c && time.GetUtcNow() - c.At < Fresh) return c.Map;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in _offices.QueryAsync<TableEntity>(e => e.RowKey == "office", select: ["PartitionKey", "Province"], cancellationToken: ct))
            if (row.GetString("Province") is { Length: > 0 } province) map[row.PartitionKey] = province;
        _cache = (time.GetUtcNow(), map);
        return map;
    }
}
