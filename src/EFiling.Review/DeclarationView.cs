using System.Xml;
using EFiling.Declarations.Catalogue;

namespace EFiling.Review;

/// <summary>
/// A stored declaration rendered for a person: header facts (catalogue field paths), the main figures with their
/// labels, and appendix rows (the first ones, with the total). The document was checked on intake, so it is trusted
/// here; it is still read with the secure reader (no DTD, no resolver). The signing certificate is not read from it:
/// the page shows the signer intake recorded (<see cref="CertificateView"/>).
/// </summary>
public sealed record DeclarationView(
    IReadOnlyList<HeaderField> Header, IReadOnlyList<Figure> Figures, int AppendixTotal, IReadOnlyList<AppendixRow> AppendixRows)
{
    public const int MaxRows = 50;
    private static readonly string[] HeaderFields =
        ["taxpayerName", "mst", "employerCode", "period", "periodKind", "filingKind", "amendmentNumber", "office", "officeName",
         "signer", "signedOn", "preparedOn", "softwareName", "softwareVersion", "agentMst"];

    public static DeclarationView Read(BinaryData bytes, FormCatalogue catalogue, string form)
    {
        var doc = EFiling.Declarations.Parsing.SecureXml.Load(bytes.ToMemory(), long.MaxValue);
        var root = doc.DocumentElement!;
        if (catalogue.DossierByRoot(root.NamespaceURI, root.LocalName) is { } dossier) return ReadDossier(root, dossier, form);
        var family = catalogue.FamilyByNamespace(root.NamespaceURI);
        var signed = family is null ? root : Children(root).FirstOrDefault(e => e.LocalName == family.SignedPart) ?? root;

        var header = new List<HeaderField>();
        foreach (var field in HeaderFields)
            if (family?.FieldPath(field) is { } path && Find(signed, path) is { } e && e.InnerText.Trim() is { Length: > 0 } value)
                header.Add(new HeaderField(field, value));

        var figures = new List<Figure>();
        var rows = new List<AppendixRow>();
        var total = 0;
        foreach (var section in Children(signed).Where(e => e.LocalName != "TTinChung"))
            Walk(section, section.LocalName == "PLuc", form, figures, rows, ref total);

        return new DeclarationView(header, figures, total, rows);
    }

    /// <summary>An I-VAN dossier: the header from the envelope, then the figures and rows of each form it carries, decoded
    /// (intake checked their size, XML and schema), never the base64 text itself.</summary>
    private static DeclarationView ReadDossier(XmlElement root, DossierDefinition dossier, string form)
    {
        var header = new List<HeaderField>();
        foreach (var field in HeaderFields)
            if (dossier.FieldPath(field) is { } path && Find(root, path) is { } e && e.InnerText.Trim() is { Length: > 0 } value)
                header.Add(new HeaderField(field, value));
        var figures = new List<Figure>();
        var rows = new List<AppendixRow>();
        var total = 0;
        foreach (var file in EFiling.Declarations.Parsing.LocalPath.SelectAll(root, dossier.Files))
        {
            var content = Children(file).FirstOrDefault(c => c.LocalName == dossier.FileField("content"))?.InnerText ?? "";
            var formRoot = EFiling.Declarations.Parsing.SecureXml.Load(Convert.FromBase64String(content), long.MaxValue).DocumentElement!;
            foreach (var section in Children(formRoot).Where(e => e.LocalName != dossier.FormSignatureBlock))
                Walk(section, false, form, figures, rows, ref total);
        }
        return new DeclarationView(header, figures, total, rows);
    }

    /// <summary>Leaves become figures; an element whose children are all leaves and that repeats (or sits in
    /// an appendix) is a row.</summary>
    private static void Walk(XmlElement element, bool appendix, string form, List<Figure> figures, List<AppendixRow> rows, ref int total)
    {
        var children = Children(element).ToList();
        if (children.Count == 0)
        {
            figures.Add(new Figure(element.LocalName, FigureLabels.For(form, element.LocalName), element.InnerText.Trim(), Group(element)));
            return;
        }
        foreach (var child in children)
        {
            var grandChildren = Children(child).ToList();
            var repeats = children.Count(c => c.LocalName == child.LocalName) > 1;
            if (grandChildren.Count > 0 && grandChildren.All(g => !Children(g).Any()) && (appendix || repeats))
            {
                total++;
                if (rows.Count < MaxRows)
                    rows.Add(new AppendixRow(child.LocalName, FigureLabels.For(form, child.LocalName),
                        grandChildren.Select(g => new Cell(g.LocalName, FigureLabels.For(form, g.LocalName), g.InnerText.Trim())).ToList()));
            }
            else Walk(child, appendix || child.LocalName == "PLuc", form, figures, rows, ref total);
        }
    }

    private static string Group(XmlElement e) => e.ParentNode is XmlElement p ? p.LocalName : "";

    private static IEnumerable<XmlElement> Children(XmlElement e) => e.ChildNodes.OfType<XmlElement>();

    private static XmlElement? Find(XmlElement from, string path)
    {
        var current = from;
        foreach (var step in path.Split('/'))
            if ((current = Children(current!).FirstOrDefault(c => c.LocalName == step)) is null) return null;
        return current;
    }
}

public sealed record HeaderField(string Name, string Value);

/// <summary>One figure: element name (e.g. ct27), its label, its value as written, and its group element.</summary>
public sealed record Figure(string Code, LocalizedText Label, string Value, string Group);

public sealed record AppendixRow(string Kind, LocalizedText Label, IReadOnlyList<Cell> Cells);

public sealed record Cell(string Name, LocalizedText Label, string Value);
