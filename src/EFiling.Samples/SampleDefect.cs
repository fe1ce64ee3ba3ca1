namespace EFiling.Samples;

/// <summary>
/// A defect made on purpose, and the finding code the service must answer it with. Kept in one table so
/// the CLI's --broken list, the tests and the documentation cannot drift apart.
/// </summary>
public enum SampleDefect
{
    None,
    NotXml,
    Truncated,
    Xxe,
    EntityBomb,
    TooDeep,
    // Resource bombs (issue 11): each stays under the 10 MB size limit, so only the parser's count limits stop it.
    ManyAttributes,
    ManyElements,
    LongName,
    ManyNamespaces,
    HugeText,
    UnknownElement,
    MstCheckDigit,
    PeriodMismatch,
    Arithmetic,
    Unsigned,
    Tampered,
    Wrapped,
    DuplicateId,
    XsltTransform,
    XPathTransform,
    ExternalReference,
    Sha1,
    ExpiredCertificate,
    RevokedCertificate,
    UntrustedRoot,
    MstMismatch,
    // Dossiers only (I-VAN Hoso): a file whose base64 content is not XML, and one that decodes to more than the limit.
    FileNotXml,
    FileTooLarge,
}

public static class SampleDefects
{
    /// <summary>
    /// The code each defect must be refused with; null for <see cref="SampleDefect.Arithmetic"/>, whose code is
    /// the rule the generator broke (see <see cref="Sample.ExpectedCode"/>).
    /// </summary>
    public static string? ExpectedCode(this SampleDefect defect) => defect switch
    {
        SampleDefect.NotXml => "XML_MALFORMED",
        SampleDefect.Truncated => "XML_TRUNCATED",
        SampleDefect.Xxe or SampleDefect.EntityBomb => "XML_DTD_PROHIBITED",
        SampleDefect.TooDeep => "DOC_TOO_DEEP",
        SampleDefect.ManyAttributes or SampleDefect.ManyNamespaces => "DOC_TOO_MANY_ATTRIBUTES",
        SampleDefect.ManyElements => "DOC_TOO_MANY_ELEMENTS",
        SampleDefect.LongName => "DOC_NAME_TOO_LONG",
        SampleDefect.HugeText => "DOC_TEXT_TOO_LONG",
        SampleDefect.UnknownElement => "SCHEMA_UNEXPECTED_ELEMENT",
        SampleDefect.MstCheckDigit => "HDR_MST_INVALID",
        SampleDefect.PeriodMismatch => "HDR_PERIOD_INVALID",
        SampleDefect.Arithmetic => null,
        SampleDefect.Unsigned => "SIG_MISSING",
        SampleDefect.Tampered => "SIG_INVALID",
        SampleDefect.Wrapped => "SIG_REFERENCE_TARGET",
        SampleDefect.DuplicateId => "SIG_DUPLICATE_ID",
        SampleDefect.XsltTransform or SampleDefect.XPathTransform => "SIG_TRANSFORM_NOT_ALLOWED",
        SampleDefect.ExternalReference => "SIG_REFERENCE_EXTERNAL",
        SampleDefect.Sha1 => "SIG_ALGORITHM_NOT_ALLOWED",
        SampleDefect.ExpiredCertificate => "CERT_EXPIRED",
        SampleDefect.RevokedCertificate => "CERT_REVOKED",
        SampleDefect.UntrustedRoot => "CERT_UNTRUSTED_ROOT",
        SampleDefect.MstMismatch => "CERT_MST_MISMATCH",
        SampleDefect.FileNotXml => "DOSSIER_FILE_NOT_XML",
        SampleDefect.FileTooLarge => "DOSSIER_FILE_TOO_LARGE",
        _ => throw new ArgumentOutOfRangeException(nameof(defect), "A valid sample has no expected refusal."),
    };

    /// <summary>The defects a dossier sample can have: in a dossier, <c>tampered</c> and <c>mst-mismatch</c> are made in its
    /// last form (changed after signing; signed by another unit), <c>unsigned</c> leaves out the employer's signature.</summary>
    public static bool AppliesToDossiers(this SampleDefect defect) =>
        defect is SampleDefect.None or SampleDefect.Tampered or SampleDefect.MstMismatch or SampleDefect.Unsigned
            or SampleDefect.FileNotXml or SampleDefect.FileTooLarge;

    /// <summary>The defects a single declaration can have (all but the dossier-only ones).</summary>
    public static bool AppliesToDeclarations(this SampleDefect defect) => defect is not (SampleDefect.FileNotXml or SampleDefect.FileTooLarge);

    /// <summary>The kebab-case name used on the command line (--broken wrapped).</summary>
    public static string CliName(this SampleDefect defect) =>
        string.Concat(defect.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static SampleDefect? FromCliName(string name) =>
        Enum.GetValues<SampleDefect>().Cast<SampleDefect?>().FirstOrDefault(d => d!.Value.CliName() == name);
}
