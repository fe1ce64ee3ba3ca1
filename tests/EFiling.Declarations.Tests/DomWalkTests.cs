using System.Xml;
using EFiling.Declarations.Parsing;

namespace EFiling.Declarations.Tests;

/// <summary>DomWalk lists the same elements in the same order as GetElementsByTagName, which it replaces on the
/// verification path (its lists have finalizers that kept each filing's DOM alive through a collection).</summary>
public sealed class DomWalkTests
{
    private const string Xml =
        "<?xml version=\"1.0\"?><!--c--><a xmlns:ds=\"urn:ds\"><b>t<c/><!--x--><d><e/><ds:f/></d></b><?pi x?><g>text</g><ds:f><h/></ds:f></a>";

    [Fact]
    public void Lists_every_element_below_the_node_in_document_order()
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(Xml);

        Assert.Equal(Names(document.GetElementsByTagName("*").OfType<XmlElement>()), Names(DomWalk.Elements(document)));
        Assert.Equal(["a", "b", "c", "d", "e", "ds:f", "g", "ds:f", "h"], Names(DomWalk.Elements(document)));
        var b = (XmlElement)document.DocumentElement!.FirstChild!;
        Assert.Equal(Names(b.GetElementsByTagName("*").OfType<XmlElement>()), Names(DomWalk.Elements(b)));
        Assert.Empty(DomWalk.Elements(document.GetElementsByTagName("e")[0]!));
        Assert.Equal(Names(document.GetElementsByTagName("f", "urn:ds").OfType<XmlElement>()), Names(DomWalk.Elements(document, "f", "urn:ds")));
    }

    private static string[] Names(IEnumerable<XmlElement> elements) => [.. elements.Select(e => e.Name)];
}
