using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;

namespace EFiling.Cli.Statistics;

/// <summary>
/// Sends counter filings or payments to the service, so they are checked and counted exactly like any other intake
/// (one path; the service is the only writer of the counters). CSV files go whole; each XML file is one payment notice.
/// </summary>
public static class ChannelUpload
{
    public static async Task<int> SendAsync(Uri service, string path, FileInfo[] files, string? key, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = service, Timeout = TimeSpan.FromMinutes(5) };
        if (!string.IsNullOrEmpty(key)) http.DefaultRequestHeaders.Add("x-functions-key", key);
        var exit = ExitCodes.Ok;
        foreach (var file in files)
        {
            if (!file.Exists)
            {
                Console.Error.WriteLine($"{file.FullName}: no such file");
                exit = ExitCodes.Invalid;
                continue;
            }
            var media = file.Extension.Equals(".xml", StringComparison.OrdinalIgnoreCase) ? "application/xml" : "text/csv";
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file.FullName, ct));
            content.Headers.ContentType = new MediaTypeHeaderValue(media) { CharSet = "utf-8" };
            HttpResponseMessage response;
            try { response = await http.PostAsync(path, content, ct); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Console.Error.WriteLine($"{file.Name}: not sent ({e.Message}); send it again, nothing is counted twice");
                exit = ExitCodes.Invalid;
                continue;
            }
            using var _ = response;
            var body = await response.Content.ReadAsStringAsync(ct);
            using var json = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
            var root = json.RootElement;
            if (response.IsSuccessStatusCode)
            {
                Console.WriteLine($"{file.Name}: {root.GetProperty("received").GetInt32()} received, {root.GetProperty("counted").GetInt32()} counted, " +
                    $"{root.GetProperty("duplicates").GetInt32()} already counted");
                continue;
            }
            exit = ExitCodes.Invalid;
            if (root.TryGetProperty("errors", out var errors))
                foreach (var e in errors.EnumerateArray())
                    Console.Error.WriteLine($"{file.Name}:{(e.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : 0)}: " +
                        $"{e.GetProperty("code").GetString()} {e.GetProperty("message").GetString()}");
            Console.Error.WriteLine($"{file.Name}: refused ({(int)response.StatusCode}); nothing recorded");
        }
        return exit;
    }

    public static Command Import(string name, string description, string path)
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "CSV files (or payment notice .xml files).", Arity = ArgumentArity.OneOrMore };
        var url = ServiceUrl.Option();
        var key = new Option<string?>("--key") { Description = "Function key under Azure (or $EFILING_FUNCTION_KEY)." };
        var import = new Command("import", description) { files, url, key };
        import.SetAction(async (parse, ct) =>
        {
            ServiceUrl.TryParse(parse.GetValue(url), out var service);
            return await SendAsync(service, path, parse.GetValue(files)!, parse.GetValue(key) ?? Environment.GetEnvironmentVariable("EFILING_FUNCTION_KEY"), ct);
        });
        return new Command(name, description) { import };
    }
}
