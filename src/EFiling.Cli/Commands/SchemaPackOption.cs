using System.CommandLine;
using EFiling.Declarations.Catalogue;

namespace EFiling.Cli.Commands;

/// <summary>
/// `--schema-pack DIR` (repeatable) of `validate` and `schemas list`: the official pack folders, first one first, else
/// the service's own setting $EFiling__SchemaPacks (';'-separated), so the CLI and the service read the same packs.
/// </summary>
internal static class SchemaPackOption
{
    private const string Variable = "EFiling__SchemaPacks";

    public static Option<string[]> Create() => new("--schema-pack")
    {
        Description = "An official schema pack folder (HTKK InterfaceTemplates: TKhaiThue.xsd, Validate/, Project_Menu.xml; or iTaxViewer's data "
                      + $"folder with DMucTKhai.xml); repeat for several, first one first (default: ${Variable}, folders separated by ';'). "
                      + "Used beside the project's own schemas.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The folders to load, and where they came from (for an error message that names what to fix).</summary>
    public static (IReadOnlyList<string> Folders, string Source) Resolve(ParseResult parse, Option<string[]> option) =>
        parse.GetValue(option) is { Length: > 0 } given
            ? (given, "--schema-pack")
            : (SchemaPacks.SplitSetting(Environment.GetEnvironmentVariable(Variable)), $"${Variable}");
}
