using System.CommandLine;

namespace EFiling.Cli;

/// <summary>The --url option of the commands that talk to the service (System.CommandLine has no Uri parser).</summary>
public static class ServiceUrl
{
    public static Option<string> Option() => new("--url")
    {
        Description = "The service's base URL, e.g. http://localhost:7071.",
        Required = true,
        Validators =
        {
            result =>
            {
                if (!TryParse(result.GetValueOrDefault<string>(), out _))
                    result.AddError($"--url must be an absolute http or https URL, not '{result.GetValueOrDefault<string>()}'.");
            },
        },
    };

    public static bool TryParse(string? text, out Uri uri)
    {
        uri = null!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")) return false;
        // A base address must end with '/' so that relative paths (api/filings) are appended, not substituted.
        uri = parsed.AbsolutePath.EndsWith('/') ? parsed : new Uri(parsed + "/");
        return true;
    }

    public static Uri Parse(string text) => TryParse(text, out var uri) ? uri : throw new ArgumentException($"Not a service URL: {text}");
}
