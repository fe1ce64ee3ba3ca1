using System.Text;
using System.Text.Json;
using EFiling.Functions.Hosting;
using EFiling.Functions.Http;
using EFiling.ServiceDefaults;
using EFiling.Statistics;
using EFiling.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EFiling.Functions.Stats;

/// <summary>
/// The other channels the indicators need: paper declarations registered at a tax office's counter, and tax
/// payments. Each body is checked whole (a file with any bad row records nothing), then every item is stored and
/// counted once; sending it again counts nothing (the office + reference is the key). Function key under the host.
/// </summary>
public static class ChannelEndpoints
{
    /// <param name="statistics">/api (FunctionsApp: tag Statistics, 429).</param>
    public static void Map(RouteGroupBuilder statistics)
    {
        statistics.MapPost("/counter-filings", CounterFilingsAsync).WithName("RecordCounterFilings")
            .WithSummary("Register paper declarations received at the counter")
            .WithDescription("Body: JSON (one object or an array of {reference, mst, form or kind, office, officeName, receivedOn}) or text/csv with the header reference,mst,form,office,officeName,receivedOn[,kind]. 200 {received, counted, duplicates}.")
            .ProducesProblems(Refusals);

        statistics.MapPost("/payments", PaymentsAsync).WithName("RecordPayments")
            .WithSummary("Record tax payments")
            .WithDescription("Body: one payment notice (application/xml, schemas/payments/payment-notice.xsd) or text/csv with the header reference,mst,amount,paidOn,channel,office[,officeName]. 200 {received, counted, duplicates}.")
            .ProducesProblems(Refusals);
    }

    /// <summary>What both channels refuse with: malformed (400), too large (413), wrong media type (415), invalid rows (422).</summary>
    private static readonly int[] Refusals =
    [
        StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity,
    ];

    private static async Task<Results<Ok<ChannelIntake.Result>, ProblemHttpResult>> CounterFilingsAsync(HttpContext context, ChannelItems items, ChannelIntake intake, StorageReady storage,
        IOptions<EFilingOptions> options, CancellationToken ct)
    {
        var media = MediaType(context.Request);
        if (media is not ("application/json" or "text/csv")) return StatsProblems.UnsupportedMediaType(context, "application/json or text/csv");
        var max = options.Value.MaxDocumentBytes;
        if (await RequestBody.ReadAsync(context.Request, max, ct) is not { } body) return StatsProblems.TooLarge(context, max);
        var (parsed, errors) = media == "text/csv" ? ChannelCsv.CounterFilings(Text(body), items) : CounterFilingsJson(body, items);
        return await RecordAsync(context, parsed, errors, intake, storage, ct);
    }

    private static async Task<Results<Ok<ChannelIntake.Result>, ProblemHttpResult>> PaymentsAsync(HttpContext context, ChannelItems items, PaymentNotice notices, ChannelIntake intake,
        StorageReady storage, IOptions<EFilingOptions> options, CancellationToken ct)
    {
        var media = MediaType(context.Request);
        if (media is not ("application/xml" or "text/xml" or "text/csv")) return StatsProblems.UnsupportedMediaType(context, "application/xml or text/csv");
        var max = options.Value.MaxDocumentBytes;
        if (await RequestBody.ReadAsync(context.Request, max, ct) is not { } body) return StatsProblems.TooLarge(context, max);
        if (media == "text/csv")
        {
            var (parsed, csvErrors) = ChannelCsv.Payments(Text(body), items);
            return await RecordAsync(context, parsed, csvErrors, intake, storage, ct);
        }
        var (item, errors) = notices.Parse(body, max);
        return await RecordAsync(context, item is null ? [] : [item], errors, intake, storage, ct);
    }

    private static async Task<Results<Ok<ChannelIntake.Result>, ProblemHttpResult>> RecordAsync(HttpContext context, List<CountedItem> items, List<InputError> errors, ChannelIntake intake,
        StorageReady storage, CancellationToken ct)
    {
        if (errors.Count > 0) return StatsProblems.Input(context, errors);
        await storage.EnsureAsync(ct);
        return TypedResults.Ok(await intake.RecordAsync(items, ct));
    }

    private static (List<CountedItem>, List<InputError>) CounterFilingsJson(byte[] body, ChannelItems items)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(body); }
        catch (JsonException e) { return ([], [new InputError(StatsProblems.JsonMalformed, $"Not JSON: {e.Message}", (int?)e.LineNumber + 1)]); }
        using (document)
        {
            var rows = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
            var (parsed, errors) = (new List<CountedItem>(), new List<InputError>());
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new InputError(StatsProblems.JsonMalformed, $"Item {i + 1} is not an object.", i + 1));
                    continue;
                }
                string? Field(string name) => rows[i].EnumerateObject().FirstOrDefault(p => p.NameEquals(name) || p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: not JsonValueKind.Undefined } p
                    ? p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetRawText()
                    : null;
                // "line" is the item's 1-based position in the array.
                var (item, rowErrors) = items.CounterFiling(Field("reference"), Field("mst"), Field("form"), Field("kind"), Field("office"),
                    Field("officeName"), Field("receivedOn"), i + 1);
                if (item is not null) parsed.Add(item);
                errors.AddRange(rowErrors);
            }
            if (rows.Count == 0) errors.Add(new InputError(InputError.Empty, "The array is empty."));
            return (parsed, errors);
        }
    }

    private static string? MediaType(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var media) ? media.MediaType.Value?.ToLowerInvariant() : null;

    private static StringReader Text(byte[] body) => new(new UTF8Encoding(false).GetString(body).TrimStart('\uFEFF'));
}
