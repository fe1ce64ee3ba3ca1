using System.CommandLine;
using System.Net;
using System.Text.Json;

namespace EFiling.Cli.Commands;

/// <summary>`efiling status ID --url URL`: a filing's status and history, as the service reports it.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "The filing id from the receipt." };
        var url = ServiceUrl.Option();
        var key = new Option<string?>("--function-key") { Description = "Azure Functions key (default: $EFILING_FUNCTION_KEY)." };
        var command = new Command("status", "Show a filing's status and history.") { id, url, key };
        command.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { BaseAddress = ServiceUrl.Parse(parse.GetValue(url)!) };
            if ((parse.GetValue(key) ?? Environment.GetEnvironmentVariable("EFILING_FUNCTION_KEY")) is { } k) http.DefaultRequestHeaders.Add("x-functions-key", k);
            using var response = await TryGetAsync(http, $"api/filings/{Uri.EscapeDataString(parse.GetValue(id)!)}", ct);
            if (response is null) return ExitCodes.Unreachable;
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Console.Error.WriteLine($"No filing {parse.GetValue(id)}.");
                return ExitCodes.Invalid;
            }
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"{(int)response.StatusCode}: {body}");
                return ExitCodes.Invalid;
            }
            var root = JsonDocument.Parse(body).RootElement;
            Console.WriteLine($"{parse.GetValue(id)}: {root.GetProperty("status").GetString()}");
            Console.WriteLine(JsonSerializer.Serialize(root, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The answer, or null (and why, on stderr) when the service could not be reached.</summary>
    private static async Task<HttpResponseMessage?> TryGetAsync(HttpClient http, string path, CancellationToken ct)
    {
        try
        {
            return await http.GetAsync(path, ct);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            Console.Error.WriteLine($"Could not reach {http.BaseAddress}: {e.Message}");
            return null;
        }
    }
}
