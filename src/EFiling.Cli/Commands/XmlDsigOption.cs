using System.CommandLine;
using EFiling.Signing;

namespace EFiling.Cli.Commands;

/// <summary>`--xmldsig fast|reference` of `validate` and `bench verify`, else the service's own $EFiling__XmlDsig, else fast.</summary>
internal static class XmlDsigOption
{
    private const string Variable = "EFiling__XmlDsig";

    public static Option<XmlDsigPath?> Create() => new("--xmldsig")
    {
        Description = "fast|reference: check signature values and digests with the streaming fast path (SignedXml for anything outside its "
                      + $"profile) or with SignedXml always (default: ${Variable}, else fast).",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Parse(text) is { } path) return path;
            result.AddError($"--xmldsig: \"{text}\" is neither fast nor reference.");
            return null;
        },
    };

    /// <summary>The flag, else the variable (an unknown value there is ignored in favour of the default, fast).</summary>
    public static XmlDsigPath Resolve(ParseResult parse, Option<XmlDsigPath?> option) =>
        parse.GetValue(option) ?? Parse(Environment.GetEnvironmentVariable(Variable)) ?? XmlDsigPath.Fast;

    private static XmlDsigPath? Parse(string? text) =>
        text?.Trim().ToLowerInvariant() switch
        {
            "fast" => XmlDsigPath.Fast,
            "reference" => XmlDsigPath.Reference,
            _ => null,
        };
}
