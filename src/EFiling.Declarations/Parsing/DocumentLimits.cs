using System.Xml;
using EFiling.Declarations.Findings;

namespace EFiling.Declarations.Parsing;

/// <summary>
/// Checks untrusted XML against the <see cref="ParserLimits"/> before anything is built from it: XmlReader has no
/// element or attribute limit of its own, and a DOM is where such documents cost (issue 11: 800,000 attributes on one
/// element took a minute and 1.3 GB). Used by the declaration parser and every other XML intake.
/// </summary>
public static class DocumentLimits
{
    /// <summary>The refusal for the first limit the document crosses, or null. A document that is not well-formed ends the
    /// scan quietly: the caller's own pass reports that, with whatever it finds before the break.</summary>
    public static Finding? FirstCrossed(ReadOnlyMemory<byte> bytes, ParserLimits limits)
    {
        // Before any XmlReader: it reads one start tag's attributes in time that grows with their square.
        var (crowded, within) = StartTagScan.Run(bytes, limits);
        if (crowded is not null) return crowded;
        // Bounds from the bytes well inside every limit: this pass could find nothing, and the parse after it is the one
        // pass over the document (its reader enforces the same limits all the same).
        if (within) return null;
        try
        {
            using var reader = new PathTrackingReader(XmlReader.Create(SecureXml.AsStream(bytes), SecureXml.ReaderSettings(limits.MaxDocumentBytes)), limits);
            while (reader.Read())
            {
            }
        }
        catch (LimitExceededException e)
        {
            return e.ToFinding();
        }
        catch (XmlException)
        {
        }
        return null;
    }
}
