using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace EFiling.Declarations.Catalogue;

/// <summary>One form schema file of a pack: <c>Validate/01_GTGT_TT80_274.xsd</c> is prefix 01_GTGT_TT80, version 2.7.4.</summary>
public sealed record PackSchema(string Prefix, string Version, string Path, string Pack);

/// <summary>
/// A form as a pack's <c>Project_Menu.xml</c> describes it: its maTKhai, the schema file prefix (XsdSchema), its
/// caption and title, and the annexes (the sheets whose XMLnode lies under <c>PLuc</c>).
/// </summary>
public sealed record PackForm(string FormId, string Prefix, string Caption, string Title, IReadOnlyList<string> Annexes, string Pack);

/// <summary>
/// The tax authority's schema packs (HTKK's <c>InterfaceTemplates</c> folder), read as they are shipped, never edited:
/// the base schemas at the root (<c>TKhaiThue.xsd</c>, <c>xmldsig-core-schema.xsd</c>, …), one schema per form and
/// version anywhere below (<c>Validate/…_NNN.xsd</c>), and <c>Project_Menu.xml</c>, which maps each maTKhai to its
/// schema prefix. Several packs load together, in the order given, and the first one that has something wins:
/// a newer pack given first supplies its versions, an older one the versions it dropped. A pack may lack files
/// another one has (the 5.7 text copy has no menu and no <c>xmldsig-core-schema.xsd</c>): the menu is the union of
/// all menus, and a base file a schema imports is looked up by name, first where the schema says, then at the root
/// of the schema's own pack, then at the roots of the other packs in order (see <see cref="FindBaseFile"/>).
/// A folder may also be the viewer's data folder (iTaxViewer's <c>DMucTKhai.xml</c>), which links form codes HTKK's menu lacks.
/// Real packs come from Windows: <c>..\TKhaiThue.xsd</c> imports and names with stray spaces are expected.
/// </summary>
public sealed partial class SchemaPacks
{
    private readonly Dictionary<string, List<PackForm>> _formsById = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Prefix, string Version), PackSchema> _schemas = new();
    private readonly List<(string Root, Dictionary<string, string> Files)> _roots = [];
    private readonly List<string> _problems = [];
    private readonly List<(string FormId, string Version, string Schema)> _viewerEntries = [];
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);

    private SchemaPacks(IReadOnlyList<string> folders) => Folders = folders;

    /// <summary>No packs: only the project's own schemas.</summary>
    public static SchemaPacks None { get; } = new([]);

    /// <summary>The pack folders, full paths, in the order of precedence.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>What could not be read (a menu that does not parse), for `schemas list`.</summary>
    public IReadOnlyList<string> Problems => _problems;

    public IEnumerable<PackSchema> Schemas => _schemas.Values;

    /// <summary>Every maTKhai that some menu maps to a prefix with at least one schema file.</summary>
    public IEnumerable<string> FormIds => _formsById.Keys.Where(id => VersionsOf(id).Count > 0);

    /// <summary>The menu rows of a maTKhai whose prefix has schema files (first pack's first), or none.</summary>
    public IReadOnlyList<PackForm> FormsOf(string formId) =>
        _formsById.TryGetValue(formId, out var forms) ? forms.Where(f => _schemas.Keys.Any(k => k.Prefix == f.Prefix)).ToList() : [];

    /// <summary>The pbanTKhaiXML versions the packs hold for a maTKhai, ascending.</summary>
    public IReadOnlyList<string> VersionsOf(string formId)
    {
        var prefixes = PrefixesOf(formId);
        return _schemas.Keys.Where(k => prefixes.Contains(k.Prefix)).Select(k => k.Version).Distinct()
            .OrderBy(v => v, VersionComparer.Instance).ToList();
    }

    /// <summary>
    /// The schema for a maTKhai in a pbanTKhaiXML version, or null when no pack has that version. A supplementary
    /// declaration (loaiTKhai B) gets the pack's <c>KHBS_</c> schema of that version when there is one: it is the same
    /// declaration plus the explanation annex (PL01_KHBS) a supplementary carries.
    /// </summary>
    public PackSchema? Find(string formId, string version, bool supplementary = false)
    {
        foreach (var prefix in PrefixesOf(formId))
        {
            if (supplementary && _schemas.TryGetValue(("KHBS_" + prefix, version.Trim()), out var khbs)) return khbs;
            if (_schemas.TryGetValue((prefix, version.Trim()), out var schema)) return schema;
        }
        return null;
    }

    /// <summary>Reads the folders (each must exist). Throws <see cref="DirectoryNotFoundException"/> naming the missing one.</summary>
    public static SchemaPacks Load(IEnumerable<string> folders)
    {
        var full = folders.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => Path.GetFullPath(f.Trim())).Distinct().ToList();
        if (full.Count == 0) return None;
        var packs = new SchemaPacks(full);
        foreach (var folder in full)
        {
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Schema pack folder not found: {folder}");
            packs.Read(folder);
        }
        packs.LinkViewerTwins();
        return packs;
    }

    /// <summary>The folders of a setting such as <c>EFiling__SchemaPacks</c>: separated by ';'.</summary>
    public static IReadOnlyList<string> SplitSetting(string? setting) =>
        string.IsNullOrWhiteSpace(setting) ? [] : setting.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>True when <paramref name="path"/> lies inside one of the pack folders (what the resolver may open).</summary>
    public bool Contains(string path)
    {
        var full = Path.GetFullPath(path);
        return Folders.Any(f => full.StartsWith(f.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    /// <summary>
    /// The file a schema's import or redefine names. First the path itself (names compared trimmed and without case,
    /// as Windows, where the packs are made, compares them), then a file of that name (not a versioned form schema) in the pack the
    /// importing schema belongs to, then in the other packs in order. Null when none has it.
    /// </summary>
    public string? FindBaseFile(string requestedPath)
    {
        if (ExistingFile(requestedPath) is { } direct) return direct;
        var name = Path.GetFileName(requestedPath).Trim();
        var own = _roots.FirstOrDefault(r => requestedPath.StartsWith(r.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        var order = own.Root is null ? _roots : _roots.Where(r => r.Root == own.Root).Concat(_roots.Where(r => r.Root != own.Root));
        foreach (var (_, files) in order)
        {
            if (files.TryGetValue(name, out var path)) return path;
        }
        return null;
    }

    private static string? ExistingFile(string path)
    {
        if (File.Exists(path)) return path;
        var directory = Path.GetDirectoryName(path);
        if (directory is null || !Directory.Exists(directory)) return null;
        var name = Path.GetFileName(path).Trim();
        return Directory.EnumerateFiles(directory).FirstOrDefault(f => string.Equals(Path.GetFileName(f).Trim(), name, StringComparison.OrdinalIgnoreCase));
    }

    private void Read(string folder)
    {
        var packName = Path.GetFileName(folder);
        // Base files: every schema without a version suffix, the root's first (TKhaiThue.xsd), then those in
        // subfolders (the 5.7 copy keeps TKhaiThue_DBHC.xsd in extra_schemas_htkk_template/).
        var baseFiles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Trim().EndsWith(".xsd", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => Path.GetDirectoryName(f) == folder ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file).Trim();
            var match = VersionedName().Match(name);
            if (!match.Success || Path.GetDirectoryName(file) == folder)
            {
                baseFiles.TryAdd(name, file);
                continue;
            }
            var digits = match.Groups["version"].Value;
            var version = string.Join('.', digits.Select(c => c.ToString()));
            _schemas.TryAdd((match.Groups["prefix"].Value, version), new PackSchema(match.Groups["prefix"].Value, version, file, packName));
        }
        _roots.Add((folder, baseFiles));

        if (ExistingFile(Path.Combine(folder, "Project_Menu.xml")) is { } menu) ReadMenu(menu, packName);
        if (ExistingFile(Path.Combine(folder, "DMucTKhai.xml")) is { } viewer) ReadViewerCatalogue(viewer, packName);
    }

    /// <summary>
    /// The viewer's catalogue (iTaxViewer's <c>DMucTKhai.xml</c>): <c>&lt;TKhai maTKhai="102" pbanTKhai="2.0.8"&gt;</c> with the
    /// viewer's own <c>XMLSchema</c> path. Forms that share a viewer schema in the same version are one form under two
    /// codes: BC26/AC is filed as 102 and as 131, and only 131 is in HTKK's menu. Read after all menus (see <see cref="Load"/>),
    /// it maps such a code to the menu row of its twin.
    /// </summary>
    private void ReadViewerCatalogue(string path, string packName)
    {
        if (LoadOrReport(path, packName, "its form codes are not mapped") is not { } catalogue) return;

        foreach (var entry in catalogue.DocumentElement!.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "TKhai"))
        {
            var schema = entry.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "XMLSchema")?.InnerText.Trim();
            var formId = entry.GetAttribute("maTKhai").Trim();
            var version = entry.GetAttribute("pbanTKhai").Trim();
            if (string.IsNullOrEmpty(schema) || formId.Length == 0 || version.Length == 0) continue;
            _viewerEntries.Add((formId, version, schema.Replace('\\', '/').ToLowerInvariant()));
        }
    }

    /// <summary>After every folder is read: a code no menu has takes the menu rows of a code with the same viewer schema and version.</summary>
    private void LinkViewerTwins()
    {
        foreach (var group in _viewerEntries.GroupBy(e => e.FormId))
        {
            if (_formsById.ContainsKey(group.Key)) continue;
            var twin = group
                .SelectMany(mine => _viewerEntries.Where(o => o.FormId != mine.FormId && o.Schema == mine.Schema && o.Version == mine.Version))
                .Select(o => o.FormId).FirstOrDefault(id => _formsById.ContainsKey(id));
            if (twin is null) continue;
            _formsById[group.Key] = _formsById[twin].Select(f => f with { FormId = group.Key }).ToList();
            _aliases[group.Key] = twin;
        }
    }

    /// <summary>maTKhai → the maTKhai whose menu row it borrowed (see <see cref="LinkViewerTwins"/>), for `schemas list`.</summary>
    public IReadOnlyDictionary<string, string> Aliases => _aliases;

    /// <summary>Project_Menu.xml: <c>&lt;Menu MaToKhai="842" XsdSchema="01_GTGT_TT80" Caption=… TenToKhai=…&gt;</c> with
    /// <c>Sheet XMLnode="HSoThueDTu/HSoKhaiThue/PLuc/PL_…"</c> children for the annexes.</summary>
    private void ReadMenu(string path, string packName)
    {
        if (LoadOrReport(path, packName, "its forms are not mapped") is not { } menu) return;

        foreach (var item in menu.GetElementsByTagName("Menu").OfType<XmlElement>())
        {
            var formId = item.GetAttribute("MaToKhai").Trim();
            var prefix = item.GetAttribute("XsdSchema").Trim();
            if (formId.Length == 0 || prefix.Length == 0) continue;
            var annexes = item.GetElementsByTagName("Sheet").OfType<XmlElement>()
                .Select(s => s.GetAttribute("XMLnode").Trim())
                .Where(n => n.Contains("/PLuc/", StringComparison.Ordinal))
                .Select(n => n[(n.LastIndexOf('/') + 1)..])
                .Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            var form = new PackForm(formId, prefix, Clean(item.GetAttribute("Caption")), Clean(item.GetAttribute("TenToKhai")), annexes, packName);
            if (!_formsById.TryGetValue(formId, out var list)) _formsById[formId] = list = [];
            if (!list.Any(f => f.Prefix == prefix)) list.Add(form);
        }
    }

    /// <summary>A catalogue file of a pack, read with no DTD and no resolver; null (and a problem noted) when it is not XML.</summary>
    private XmlDocument? LoadOrReport(string path, string packName, string consequence)
    {
        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(File.OpenRead(path), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = true });
            document.Load(reader);
            return document;
        }
        catch (XmlException e)
        {
            _problems.Add($"{packName}: {Path.GetFileName(path)} cannot be read ({e.Message}); {consequence}.");
            return null;
        }
    }

    private HashSet<string> PrefixesOf(string formId) =>
        _formsById.TryGetValue(formId, out var forms) ? forms.Select(f => f.Prefix).ToHashSet(StringComparer.Ordinal) : [];

    private static string Clean(string text) => WhiteSpace().Replace(text, " ").Trim();

    [GeneratedRegex(@"^(?<prefix>.+)_(?<version>\d{3})\.xsd$", RegexOptions.IgnoreCase)]
    private static partial Regex VersionedName();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}

/// <summary>Orders dotted versions numerically: 2.10.0 after 2.9.1.</summary>
public sealed class VersionComparer : IComparer<string>
{
    public static VersionComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var a = (x ?? "").Split('.');
        var b = (y ?? "").Split('.');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var p = i < a.Length && int.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var pa) ? pa : -1;
            var q = i < b.Length && int.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var qb) ? qb : -1;
            if (p != q) return p.CompareTo(q);
        }
        return string.CompareOrdinal(x, y);
    }
}
