using EFiling.Functions.Hosting;
using EFiling.Functions.Http;
using EFiling.Receipts;
using EFiling.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EFiling.Functions.Endpoints;

/// <summary>A filing's signed decision notices (role of 01-2/TB-TĐT): the list with links, and each notice's XML.</summary>
public static class NotificationEndpoints
{
    /// <param name="notifications">/api/filings/{id}/notifications (FunctionsApp: tag Filings, 404, 429).</param>
    public static void Map(RouteGroupBuilder notifications)
    {
        notifications.MapGet("", ListAsync).WithName("GetFilingNotifications")
            .WithSummary("The filing's decision notices (acceptance or non-acceptance), oldest first");

        notifications.MapGet("/{name}", GetAsync).WithName("GetFilingNotification")
            .WithSummary("One signed decision notice (ThongBaoChapNhan, schemas/notifications/notice.xsd), or ?format=tbaothue in the tax authority's envelope")
            .Produces<string>(StatusCodes.Status200OK, "application/xml");
    }

    private static async Task<Results<Ok<NotificationListJson>, ProblemHttpResult>> ListAsync(HttpContext context, string id, FilingIndex index, NotificationStore notices, StorageReady storage, CancellationToken ct)
    {
        if (!FilingKeys.IsValidId(id)) return NotFound(context, "FILING_NOT_FOUND", $"There is no filing '{id}'.");
        await storage.EnsureAsync(ct);
        if (await index.FindByIdAsync(id, ct) is null) return NotFound(context, "FILING_NOT_FOUND", $"There is no filing '{id}'.");
        var list = await notices.ListAsync(id, ct);
        return TypedResults.Ok(new NotificationListJson(id, list.Select(n => NotificationJson.From(id, n.Name, n.CreatedOn)).ToList()));
    }

    private static async Task<Results<XmlBytesResult, ProblemHttpResult>> GetAsync(HttpContext context, string id, string name, NotificationStore notices, StorageReady storage, CancellationToken ct)
    {
        if (!FilingKeys.IsValidId(id) || !NotificationJson.IsValidName(name))
            return NotFound(context, "NOTIFICATION_NOT_FOUND", $"There is no notification '{name}' for filing '{id}'.");
        await storage.EnsureAsync(ct);
        if (await notices.ReadAsync(id, name, ct) is not { } xml)
            return NotFound(context, "NOTIFICATION_NOT_FOUND", $"There is no notification '{name}' for filing '{id}'.");
        if (ContentNegotiation.TaxAuthorityShape(context.Request) is not { } shape) return new XmlBytesResult(xml.ToMemory());

        // The tax authority's envelope (TBaoThue 844), made from the filing's facts and what the stored notice decided.
        var filing = await context.RequestServices.GetRequiredService<FilingIndex>().FindByIdAsync(id, ct);
        return filing is not null && StoredNotice.Read(name, xml) is { } notice
            ? new XmlBytesResult(context.RequestServices.GetRequiredService<TaxAuthorityReply>().Notice(filing.ToFacts(), notice).ToMemory(), contentType: shape)
            : NotFound(context, "NOTIFICATION_NOT_FOUND", $"Notification '{name}' of filing '{id}' cannot be given in the tax authority's shape.");
    }

    private static ProblemHttpResult NotFound(HttpContext context, string code, string message) =>
        Problems.Single(context, 404, ProblemTypes.NotFound, "Not found", code, message);
}

/// <summary>A filing's notices.</summary>
/// <param name="FilingId">The filing id.</param>
/// <param name="Notifications">Oldest first.</param>
public sealed record NotificationListJson(string FilingId, IReadOnlyList<NotificationJson> Notifications);

/// <summary>One decision notice.</summary>
/// <param name="Name">{step}-{result}, e.g. 002-Accepted.</param>
/// <param name="Result">Accepted or Rejected.</param>
/// <param name="CreatedAtUtc">When it was stored.</param>
/// <param name="Link">Where its signed XML is.</param>
public sealed record NotificationJson(string Name, string Result, DateTimeOffset CreatedAtUtc, string Link)
{
    public static NotificationJson From(string id, string name, DateTimeOffset createdOn) =>
        new(name, name[(name.IndexOf('-') + 1)..], createdOn, $"/api/filings/{id}/notifications/{name}");

    /// <summary>Names are {3 digits}-{letters}: checked before a name becomes part of a blob name.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 4 and < 40 && name[..3].All(char.IsAsciiDigit) && name[3] == '-' && name[4..].All(char.IsAsciiLetter);
}
