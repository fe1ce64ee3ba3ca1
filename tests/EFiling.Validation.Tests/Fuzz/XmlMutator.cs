using System.Text;
using System.Xml;
using EFiling.Signing;

namespace EFiling.Validation.Tests.Fuzz;

/// <summary>
/// Mutates a declaration's bytes the way broken or hostile software might: mostly edits of the parsed document that
/// keep it well-formed (so the input reaches the schema, the rules and the verifier), sometimes damage to the bytes.
/// Every choice comes from the caller's <see cref="Random"/>, so a seed repeats a run.
/// </summary>
public sealed class XmlMutator(Random rng)
{
    private const string XsiNs = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>Texts that have broken parsers before: figures at and past the range of a long, what is not base64, nothing, odd Unicode.</summary>
    private static readonly string[] Texts =
    [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "4611686018427387904", "-4611686018427387904",
        "99999999999999999999999999999999", "0", "-0", "+1", "1e5", "1.5", "0x10", " 12 ", "true", "false", "NaN",
        "not*base64!", "====", "AAAA", "A", "AB=C", "", " ", "\r\n", "Ệ\u0301\u200B😀", "ID_1", "#ID_1", "0100109106", "0100109106-001",
        "01/2025", "2025", "Q1/2025", "32/13/2025", "2025-02-30", "CN=Somebody, O=Nowhere", "<![CDATA[x]]>",
        new string('9', 400), new string('A', 5000),
    ];

    private static readonly string[] AttributeNames = ["id", "Id", "ID", "URI", "Algorithm", "foo", "xml:space", "xml:lang"];

    private static readonly string[] AttributeValues =
    [
        "ID_1", "_NODE_TO_SIGN", "", "#ID_1", "#", "#xpointer(/)", "http://example.invalid/x", "file:///etc/passwd",
        "http://www.w3.org/2000/09/xmldsig#sha1", "http://www.w3.org/2001/04/xmlenc#sha512",
        "http://www.w3.org/2001/10/xml-exc-c14n#", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
        "http://www.w3.org/TR/1999/REC-xslt-19991116", "http://www.w3.org/2000/09/xmldsig#hmac-sha1", "preserve", "default",
    ];

    private static readonly string[] Namespaces =
        ["", "urn:evil", XmlDsigAlgorithms.DsigNamespace, "http://kekhaithue.gdt.gov.vn/TKhaiThue", "urn:efiling:vn:bhxh:v1", "http://www.w3.org/1999/xhtml"];

    private static readonly string[] Prologues =
    [
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
        "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
        "<!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\">",
        "<!DOCTYPE x [<!ATTLIST HSoKhaiThue id ID #IMPLIED>]>",
        "<?xml-stylesheet href=\"x.xsl\"?>",
        "<!-- a comment before the root -->",
    ];

    /// <summary>Applies one to three mutations; returns the bytes and what was done, for the failure report.</summary>
    public (byte[] Bytes, List<string> Applied) Mutate(byte[] original)
    {
        var applied = new List<string>();
        var bytes = original;
        var document = TryParse(original);
        if (document is not null && rng.Next(100) < 88)
        {
            // Mostly one edit: each further one makes it likelier that the schema stops the input before the rules.
            for (var i = rng.Next(10) switch { < 5 => 1, < 8 => 2, _ => 3 }; i > 0; i--) applied.Add(MutateDocument(document));
            if (Serialize(document) is { } serialized) bytes = serialized;
            else applied.Add("(not serialisable: original bytes)");
        }

        if (document is null || applied.Count == 0 || rng.Next(100) < 15)
        {
            var (damaged, what) = MutateBytes(bytes);
            bytes = damaged;
            applied.Add(what);
        }

        return (bytes, applied);
    }

    private static XmlDocument? TryParse(byte[] bytes)
    {
        try
        {
            var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
            using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
            return document;
        }
        catch (XmlException)
        {
            return null; // a seed that is already broken (not XML, DTD) is only damaged further as bytes
        }
    }

    private static byte[]? Serialize(XmlDocument document)
    {
        try
        {
            using var stream = new MemoryStream();
            using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), NewLineHandling = NewLineHandling.None }))
            {
                document.Save(writer);
            }

            return stream.ToArray();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or XmlException)
        {
            return null; // e.g. a namespace change the writer cannot express: the harness's problem, not the validator's
        }
    }

    private string MutateDocument(XmlDocument document)
    {
        var all = document.DocumentElement!.SelectNodes("descendant-or-self::*")!.OfType<XmlElement>().ToList();
        // Most picks from ds:Signature (the verifier) or from text-bearing leaves (figures: the rules), the rest anywhere.
        var pool = rng.Next(5) switch
        {
            0 or 1 => all.Where(e => e.NamespaceURI == XmlDsigAlgorithms.DsigNamespace).ToList(),
            2 or 3 => all.Where(e => e.NamespaceURI != XmlDsigAlgorithms.DsigNamespace && !e.ChildNodes.OfType<XmlElement>().Any()).ToList(),
            _ => all,
        };
        if (pool.Count == 0) pool = all;
        var target = pool[rng.Next(pool.Count)];
        var isRoot = ReferenceEquals(target, document.DocumentElement);
        switch (rng.Next(16))
        {
            case < 5:
                var text = Pick(Texts);
                target.InnerText = text;
                return $"text of {Name(target)} := '{Short(text)}'";
            case 5 when !isRoot:
                target.ParentNode!.RemoveChild(target);
                return $"delete {Name(target)}";
            case 6 when !isRoot:
                var copies = rng.Next(4) == 0 ? rng.Next(2, 60) : 1;
                for (var i = 0; i < copies; i++) target.ParentNode!.InsertAfter(target.CloneNode(deep: true), target);
                return $"duplicate {Name(target)} x{copies}";
            case 7 when !isRoot && target.ParentNode!.ChildNodes.OfType<XmlElement>().Count() > 1:
                var siblings = target.ParentNode!.ChildNodes.OfType<XmlElement>().ToList();
                var other = siblings[rng.Next(siblings.Count)];
                if (ReferenceEquals(other, target)) return "swap (same element)";
                var marker = document.CreateComment("m");
                target.ParentNode.ReplaceChild(marker, target);
                other.ParentNode!.ReplaceChild(target, other);
                marker.ParentNode!.ReplaceChild(other, marker);
                return $"swap {Name(target)} and {Name(other)}";
            case 8 when !isRoot:
                var host = all[rng.Next(all.Count)];
                if (IsSelfOrAncestor(target, host)) return "move (into itself)";
                host.AppendChild(target);
                return $"move {Name(target)} into {Name(host)}";
            case 9:
                var attribute = Pick(AttributeNames);
                target.SetAttribute(attribute, Pick(AttributeValues));
                return $"attribute {attribute} on {Name(target)}";
            case 10:
                var choice = rng.Next(3);
                if (choice == 0) target.SetAttribute("nil", XsiNs, "true");
                else if (choice == 1) target.SetAttribute("type", XsiNs, "xs:string");
                else target.SetAttribute("xmlns:x", "urn:x");
                return $"xsi/namespace attribute on {Name(target)}";
            case 11 when !isRoot || rng.Next(4) == 0:
                var ns = Pick(Namespaces);
                var renamed = document.CreateElement(ns.Length == 0 ? target.LocalName : target.Prefix.Length > 0 ? target.Prefix + ":" + target.LocalName : target.LocalName, ns);
                foreach (var a in target.Attributes.OfType<XmlAttribute>().ToList()) renamed.Attributes.Append((XmlAttribute)a.CloneNode(true));
                while (target.FirstChild is { } child) renamed.AppendChild(child);
                target.ParentNode!.ReplaceChild(renamed, target);
                return $"namespace of {Name(target)} := '{ns}'";
            case 12:
                var withId = all.FirstOrDefault(e => e.HasAttribute("id") || e.HasAttribute("Id"));
                var id = withId?.GetAttribute("id") is { Length: > 0 } lower ? lower : withId?.GetAttribute("Id") ?? "ID_1";
                target.SetAttribute(rng.Next(2) == 0 ? "id" : "Id", id);
                return $"duplicate id '{id}' on {Name(target)}";
            case 13:
                var signature = all.FirstOrDefault(e => e.LocalName == "Signature" && e.NamespaceURI == XmlDsigAlgorithms.DsigNamespace);
                var parent = rng.Next(2) == 0 || signature is null ? signature : signature.ChildNodes.OfType<XmlElement>().FirstOrDefault();
                if (parent is null) return "shuffle signature (none)";
                var children = parent.ChildNodes.OfType<XmlElement>().ToList();
                foreach (var c in children) parent.RemoveChild(c);
                foreach (var c in children.OrderBy(_ => rng.Next())) parent.AppendChild(c);
                return $"shuffle children of {Name(parent)}";
            case 14:
                XmlNode inserted = rng.Next(4) switch
                {
                    0 => document.CreateComment(" injected "),
                    1 => document.CreateProcessingInstruction("php", "echo 1;"),
                    2 => document.CreateCDataSection("<x>1</x>"),
                    _ => document.CreateWhitespace("\r\n\t "),
                };
                var at = target.ChildNodes.Count == 0 ? null : target.ChildNodes[rng.Next(target.ChildNodes.Count)];
                target.InsertBefore(inserted, at);
                return $"insert {inserted.NodeType} into {Name(target)}";
            default:
                var attributes = target.Attributes.OfType<XmlAttribute>().Where(a => !a.Name.StartsWith("xmlns", StringComparison.Ordinal)).ToList();
                if (attributes.Count == 0) return $"no attribute on {Name(target)}";
                var changed = attributes[rng.Next(attributes.Count)];
                changed.Value = Pick(AttributeValues);
                return $"attribute {changed.Name} of {Name(target)} := '{changed.Value}'";
        }
    }

    private (byte[] Bytes, string What) MutateBytes(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var afterDeclaration = text.StartsWith("<?xml", StringComparison.Ordinal) ? text.IndexOf("?>", StringComparison.Ordinal) + 2 : 0;
        switch (rng.Next(9))
        {
            case 0:
                var length = bytes.Length == 0 ? 0 : rng.Next(bytes.Length);
                return (bytes[..length], $"truncate at {length}");
            case 1:
                var flipped = (byte[])bytes.Clone();
                var flips = rng.Next(1, 9);
                for (var i = 0; i < flips && flipped.Length > 0; i++) flipped[rng.Next(flipped.Length)] = (byte)rng.Next(256);
                return (flipped, $"flip {flips} bytes");
            case 2:
                var prologue = Pick(Prologues);
                return (Encoding.UTF8.GetBytes(text[..afterDeclaration] + prologue + text[afterDeclaration..]), $"prologue {Short(prologue)}");
            case 3:
                var junk = new[] { new byte[] { 0xC3, 0x28 }, [0x00], [0xFF, 0xFE], [0xED, 0xA0, 0x80], "&#0;"u8.ToArray(), "&bogus;"u8.ToArray(), "]]>"u8.ToArray() }[rng.Next(7)];
                var position = rng.Next(bytes.Length + 1);
                return ([.. bytes[..position], .. junk, .. bytes[position..]], $"insert {Convert.ToHexString(junk)} at {position}");
            case 4:
                var encoding = new[] { "UTF-16", "ISO-8859-1", "utf-32", "EBCDIC-CP-US", "nonsense" }[rng.Next(5)];
                return (Encoding.UTF8.GetBytes(text.Replace("encoding=\"utf-8\"", $"encoding=\"{encoding}\"", StringComparison.OrdinalIgnoreCase)), $"encoding {encoding}");
            case 5:
                byte[] bom = rng.Next(2) == 0 ? [0xEF, 0xBB, 0xBF] : [0xFF, 0xFE];
                return ([.. bom, .. bytes], $"prepend BOM {Convert.ToHexString(bom)}");
            case 6:
                return (Encoding.UTF8.GetBytes(text.Replace("\n", rng.Next(2) == 0 ? "\r\n" : "\r")), "line endings");
            case 7:
                return ([.. bytes, .. bytes], "document twice");
            default:
                return (rng.Next(2) == 0 ? [] : "   \r\n"u8.ToArray(), "empty");
        }
    }

    private static bool IsSelfOrAncestor(XmlNode candidate, XmlNode node)
    {
        for (XmlNode? n = node; n is not null; n = n.ParentNode)
        {
            if (ReferenceEquals(n, candidate)) return true;
        }

        return false;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static string Name(XmlElement e) => e.LocalName;

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
