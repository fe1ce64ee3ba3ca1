using System.Globalization;
using System.Xml;
using EFiling.Declarations.Parsing;

namespace EFiling.Reconciliation;

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

    /// <summary>The figure a form is compared with its history on, or null.</summary>
    public static string? HistoryFigure(string form) => form == "01/GTGT" ? Sales : null;

    /// <summary>Forms whose employee count is compared across families.</summary>
    public const string SocialInsuranceList = "D02-LT";
    public const string PitWithholding = "05/KK-TNCN";

    public static Dictionary<string, long> Read(string form, XmlElement signedPart)
    {
        var figures = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!Paths.TryGetValue(form, out var wanted)) return figures;
        foreach (var (name, path, count) in wanted)
        {
            if (count) figures[name] = LocalPath.SelectAll(signedPart, path).Count;
            else if (long.TryParse(LocalPath.Text(signedPart, path), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) figures[name] = n;
        }
        return figures;
    }
}
