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
            using var response = await http.GetAsync($"api/filings/{Uri.EscapeDataString(parse.GetValue(id)!)}", ct);
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
}
