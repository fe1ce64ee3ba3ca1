namespace EFiling.Declarations.Parsing;

/// <summary>
/// Limits that keep one submission from exhausting the service. XmlReader bounds size and entity expansion only, so
/// the element, attribute, name and text limits are counted by <see cref="PathTrackingReader"/> in a streaming pass
/// before any DOM is built (issue 11: 800,000 attributes on one element took a minute and 1.3 GB to parse and verify).
/// Defaults are far above what real filings show: the 45 genuine HTKK/eTax declarations have at most 1,098 elements,
/// 2 attributes per element, 7 levels, 30-character names and 2,272 characters of text (a certificate); a generated
/// 10,000-row appendix (3.9 MB) has 100,120 elements, and a 10 MB one about 260,000.
/// </summary>
public sealed record ParserLimits
{
    /// <summary>Largest accepted document; invoice appendices make files of several MB.</summary>
    public long MaxDocumentBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Deepest element nesting; real declarations stay under 12. DOC_TOO_DEEP.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most elements in one document: twice a 10 MB appendix. DOC_TOO_MANY_ELEMENTS.</summary>
    public int MaxElements { get; init; } = 500_000;

    /// <summary>Most attributes on one element, namespace declarations included; real ones carry 2. DOC_TOO_MANY_ATTRIBUTES.</summary>
    public int MaxAttributesPerElement { get; init; } = 100;

    /// <summary>Longest element or attribute name, prefix included; real ones reach 30. DOC_NAME_TOO_LONG.</summary>
    public int MaxNameLength { get; init; } = 256;

    /// <summary>Most characters of text between two tags (text, CDATA and comments together) or in one attribute value;
    /// real ones reach 2,272 (a certificate in base64). DOC_TEXT_TOO_LONG.</summary>
    public int MaxTextLength { get; init; } = 1024 * 1024;

    /// <summary>Absolute local-name paths (e.g. <c>/Hoso/NoiDung/ThongTinHoSo/ToKhais/FileToKhai/NoiDungFile</c>) whose text may be
    /// longer than <see cref="MaxTextLength"/>, up to the document's own size: the base64 forms of a dossier, whose decoded size
    /// the dossier check limits before decoding. Set by the parser from the catalogue's dossiers; empty elsewhere.</summary>
    public IReadOnlyList<string> EmbeddedFilePaths { get; init; } = [];

    /// <summary>Most schema errors reported for one document; past that the list is cut with a note.</summary>
    public int MaxReportedErrors { get; init; } = 200;
}
