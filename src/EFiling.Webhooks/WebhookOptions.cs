namespace EFiling.Webhooks;

/// <summary>Section EFiling:Webhooks (EFiling__Webhooks__Name): pushing filings' status changes to vendors' callbacks.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Attempts per event and subscription before it is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait before the second attempt; each later one waits twice as long as the one before, up to
    /// <see cref="MaxRetryDelay"/> (default: 30 s, 1 min, 2 min … about 1 h 4 min from the first to the eighth).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Connect plus answer, per attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Development and tests only: allow http:// callbacks and private, loopback and link-local addresses.
    /// Off in production: a callback URL must be https and reach a public address (SSRF).</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>How long an instance trusts what it read of a vendor's subscriptions (a new subscription is heard of by
    /// the other instances within this time; the instance that took it at once).</summary>
    public TimeSpan SubscriptionCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Subscriptions a vendor (function key) may have.</summary>
    public int MaxSubscriptionsPerVendor { get; set; } = 5;

    /// <summary>Standalone: how long the delivery listener waits when the queue is empty.</summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The replay window receivers are told to enforce (X-EFiling-Timestamp within this of their clock).</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait before attempt <paramref name="next"/> (2, 3, …): exponential, capped.</summary>
    public TimeSpan RetryDelay(int next) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Clamp(next - 2, 0, 30))));
}
