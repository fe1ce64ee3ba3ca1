using System.Text.Json.Serialization;
using EFiling.Storage;

namespace EFiling.Webhooks;

/// <summary>
/// What a vendor's callback receives when one of its filings changes status (the body of the POST, JSON). <see cref="Id"/>
/// names the change ({filing id}-{step}-{status}): the same change is always the same id, so a receiver that sees one
/// twice (delivery is at least once) can tell.
/// </summary>
public sealed record StatusEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("filingId")] string FilingId,
    [property: JsonPropertyName("transactionCode")] string TransactionCode,
    [property: JsonPropertyName("mst")] string Mst,
    [property: JsonPropertyName("form")] string Form,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("changedAtUtc")] DateTimeOffset ChangedAtUtc,
    [property: JsonPropertyName("test")] bool Test,
    [property: JsonPropertyName("links")] EventLinks Links,
    [property: JsonPropertyName("vendor"), JsonIgnore] string? Vendor = null)
{
    public const string StatusChanged = "filing.status";

    public static StatusEvent Of(FilingFacts f, FilingStatus status, int step, DateTimeOffset at) => new(
        $"{f.Id}-{step:000}-{status}", StatusChanged, f.Id, f.TransactionCode, f.Mst, f.Form, f.Period, status.ToString(), step, at, f.Test,
        new EventLinks($"/api/filings/{f.Id}", $"/api/filings/{f.Id}/receipt", $"/api/filings/{f.Id}/notifications"), f.Vendor);
}

public sealed record EventLinks(
    [property: JsonPropertyName("self")] string Self,
    [property: JsonPropertyName("receipt")] string Receipt,
    [property: JsonPropertyName("notifications")] string Notifications);

/// <summary>One attempt to deliver an event to one subscription (a webhook-deliveries message).</summary>
public sealed record DeliveryMessage(
    [property: JsonPropertyName("vendor")] string Vendor,
    [property: JsonPropertyName("subscriptionId")] string SubscriptionId,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("event")] StatusEvent Event);
