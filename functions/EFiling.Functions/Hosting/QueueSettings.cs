using System.Text.Json;

namespace EFiling.Functions.Hosting;

/// <summary>
/// The queue trigger settings of host.json (extensions.queues), so the standalone listener behaves like the
/// Functions host: same batch size, new-batch threshold, visibility timeout, dequeue limit, polling interval and
/// encoding. Missing values take the host's documented defaults.
/// </summary>
public sealed record QueueSettings
{
    public int BatchSize { get; init; } = 16;

    /// <summary>A new batch is fetched once the messages in hand are this few (the host's default: half a batch).</summary>
    public int NewBatchThreshold { get; init; } = 8;
    public int MaxDequeueCount { get; init; } = 5;
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);
    public string MessageEncoding { get; init; } = "base64";

    /// <summary>Reads host.json's extensions.queues; the defaults when the file or section is absent.</summary>
    public static QueueSettings Load(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath)) return new QueueSettings();
        using var doc = JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        if (!doc.RootElement.TryGetProperty("extensions", out var ext) || !ext.TryGetProperty("queues", out var q))
            return new QueueSettings();

        var d = new QueueSettings();
        var batchSize = Math.Clamp(Int(q, "batchSize") ?? d.BatchSize, 1, 32);
        return new QueueSettings
        {
            BatchSize = batchSize,
            NewBatchThreshold = Math.Max(0, Int(q, "newBatchThreshold") ?? batchSize / 2),
            MaxDequeueCount = Int(q, "maxDequeueCount") ?? d.MaxDequeueCount,
            VisibilityTimeout = Time(q, "visibilityTimeout") ?? d.VisibilityTimeout,
            MaxPollingInterval = Time(q, "maxPollingInterval") is { } p && p >= TimeSpan.FromMilliseconds(100) ? p : d.MaxPollingInterval,
            MessageEncoding = q.TryGetProperty("messageEncoding", out var e) ? e.GetString() ?? d.MessageEncoding : d.MessageEncoding,
        };
    }

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : null;

    private static TimeSpan? Time(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && TimeSpan.TryParse(v.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : null;
}
