namespace EFiling.Webhooks;

/// <summary>Webhooks to vendors register themselves (FunctionsApp calls this after intake, before reconciliation, whose
/// decisions they announce).</summary>
public static class WebhookServices
{
    /// <summary>Section EFiling:Webhooks, validated on start; vendors' subscriptions, the delivery queue and log, the
    /// deliverer and its SSRF-checked HttpClient (DeliverWebhook). What takes the queue's messages is the host's: the
    /// Functions host's trigger, or standalone its WebhookListener.</summary>
    public static IServiceCollection AddEFilingWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection($"EFiling:{WebhookOptions.Section}"))
            .Validate(o => o.MaxAttempts >= 1, "EFiling:Webhooks: MaxAttempts must be at least 1")
            .Validate(o => o.FirstRetryDelay >= TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay,
                "EFiling:Webhooks: FirstRetryDelay cannot be negative nor longer than MaxRetryDelay")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.PollingInterval > TimeSpan.Zero && o.ReplayWindow > TimeSpan.Zero,
                "EFiling:Webhooks: Timeout, PollingInterval and ReplayWindow must be positive")
            .Validate(o => o.SubscriptionCacheTtl >= TimeSpan.Zero && o.MaxSubscriptionsPerVendor >= 1,
                "EFiling:Webhooks: SubscriptionCacheTtl cannot be negative; MaxSubscriptionsPerVendor must be at least 1")
            .ValidateOnStart();
        services.AddSingleton<Subscriptions>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<WebhookQueue>();
        services.AddSingleton<FilingEvents>();
        services.AddSingleton<WebhookDeliverer>();
        WebhookDeliverer.AddHttpClient(services);
        return services;
    }
}
