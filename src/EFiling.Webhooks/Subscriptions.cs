using System.Collections.Concurrent;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using EFiling.Storage;
using Microsoft.Extensions.Options;

namespace EFiling.Webhooks;

/// <summary>A vendor's callback (table Subscriptions: PK the vendor's function-key id, RK the subscription id). The
/// secret is kept to sign deliveries (storage encrypts it at rest) and shown to the vendor once, when it is made.</summary>
public sealed class SubscriptionEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Url { get; set; } = "";
    public string Secret { get; set; } = "";
    public DateTimeOffset CreatedAtUtc { get; set; }

    public string Vendor => PartitionKey;
    public string Id => RowKey;
}

/// <summary>
/// The Subscriptions table, and what this instance knows of each vendor's subscriptions: read once per
/// <see cref="WebhookOptions.SubscriptionCacheTtl"/>, so a status change of a filing whose vendor has none costs no request
/// most of the time (and one of a filing sent without a function key, none ever).
/// </summary>
public sealed class Subscriptions(StorageClients clients, StorageNames names, IOptions<WebhookOptions> options, TimeProvider time)
{
    private readonly TableClient _table = clients.Tables.GetTableClient(names.Tables.Subscriptions);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, IReadOnlyList<SubscriptionEntity> Items)> _cache = new(StringComparer.Ordinal);

    /// <summary>A new subscription with a new secret (32 random bytes), or null when the vendor has the most allowed.</summary>
    public async Task<SubscriptionEntity?> AddAsync(string vendor, string url, CancellationToken ct)
    {
        if ((await ListAsync(vendor, ct)).Count >= options.Value.MaxSubscriptionsPerVendor) return null;
        var subscription = new SubscriptionEntity
        {
            PartitionKey = vendor,
            RowKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Url = url,
            Secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            CreatedAtUtc = time.GetUtcNow(),
        };
        await _table.AddEntityAsync(subscription, ct);
        _cache.TryRemove(vendor, out _);
        return subscription;
    }

    public async Task<IReadOnlyList<SubscriptionEntity>> ListAsync(string vendor, CancellationToken ct)
    {
        var list = new List<SubscriptionEntity>();
        await foreach (var s in _table.QueryAsync<SubscriptionEntity>(e => e.PartitionKey == vendor, cancellationToken: ct)) list.Add(s);
        _cache[vendor] = (time.GetUtcNow() + options.Value.SubscriptionCacheTtl, list);
        return list;
    }

    public async Task<SubscriptionEntity?> GetAsync(string vendor, string id, CancellationToken ct)
    {
        if (!IsValidId(id)) return null;
        var row = await _table.GetEntityIfExistsAsync<SubscriptionEntity>(vendor, id, cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    public async Task<bool> DeleteAsync(string vendor, string id, CancellationToken ct)
    {
        // DeleteEntity answers success for a row that is not there, so ask first: another vendor's id is "not found".
        if (await GetAsync(vendor, id, ct) is null) return false;
        await _table.DeleteEntityAsync(vendor, id, ETag.All, ct);
        _cache.TryRemove(vendor, out _);
        return true;
    }

    /// <summary>The vendor's subscriptions as this instance last read them (read again when older than the TTL).</summary>
    public async Task<IReadOnlyList<SubscriptionEntity>> ForVendorAsync(string vendor, CancellationToken ct) =>
        _cache.TryGetValue(vendor, out var cached) && cached.Until > time.GetUtcNow() ? cached.Items : await ListAsync(vendor, ct);

    public static bool IsValidId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}
