using System.Globalization;
using System.Xml;

namespace EFiling.Declarations.Parsing;

/// <summary>
/// The few named figures reconciliation compares, read from a declaration's signed part. Paths are local-name
/// paths as in the rules files; a missing or non-numeric element is left out.
/// </summary>
public static class FigureReader
{
    /// <summary>Number of employees (05/KK-TNCN ct21; D02-LT: the rows of the list).</summary>
    public const string Employees = "employees";

    /// <summary>01/GTGT total sales (ct34), compared with history.</summary>
    public const string Sales = "sales";

    private static readonly Dictionary<string, (string Name, string Path, bool Count)[]> Paths = new(StringComparer.Ordinal)
    {
        ["01/GTGT"] = [(Sales, "CTieuTKhaiChinh/TongDThuVaThueGTGTHHDVBRa/ct34", false)],
        ["05/KK-TNCN"] = [(Employees, "CTieuTKhaiChinh/ct21", false)],
        ["D02-LT"] = [(Employees, "NoiDung/DanhSach/NguoiLaoDong", true)],
    };

    /// <summary>The same figures in the forms a dossier carries (I-VAN columns): D02-LT's employees are its LaoDong rows.</summary>
    private static readonly Dictionary<string, (string Name, string Path, bool Count)[]> DossierPaths = new(StringComparer.Ordinal)
    {
        ["D02-LT"] = [(Employees, "NoiDung/LaoDong", true)],
    };

    /// <summary>The figure a form is compared with its history on, or null.</summary>
    public static string? HistoryFigure(string form) => form == "01/GTGT" ? Sales : null;

    /// <summary>Forms whose employee count is compared across families.</summary>
    public const string SocialInsuranceList = "D02-LT";
    public const string PitWithholding = "05/KK-TNCN";

    /// <summary>The figures of a parsed filing: of its signed part, or, for a dossier, of the forms it carries that the filing
    /// is named after (a dossier's D02-LT: its list; counts add up over several files of that form).</summary>
    public static Dictionary<string, long> Read(ParsedDeclaration parsed)
    {
        var form = parsed.Header?.FormCode ?? throw new ArgumentException("The filing has no header.", nameof(parsed));
        if (parsed.Dossier is not { } dossier) return Read(form, parsed.SignedPart ?? throw new ArgumentException("The filing has no signed part.", nameof(parsed)));
        var figures = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in dossier.Files.Where(f => f.Form?.Code == form && f.Root is not null))
            foreach (var (name, value) in Read(DossierPaths, form, file.Root!))
                figures[name] = figures.GetValueOrDefault(name) + value;
        return figures;
    }

    public static Dictionary<string, long> Read(string form, XmlElement signedPart) => Read(Paths, form, signedPart);

    private static Dictionary<string, long> Read(Dictionary<string, (string Name, string Path, bool Count)[]> paths, string form, XmlElement signedPart)
    {
        var figures = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!paths.TryGetValue(form, out var wanted)) return figures;
        foreach (var (name, path, count) in wanted)
        {
            if (count) figures[name] = LocalPath.SelectAll(signedPart, path).Count;
            else if (long.TryParse(LocalPath.Text(signedPart, path), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) figures[name] = n;
        }
        return figures;
    }
}
