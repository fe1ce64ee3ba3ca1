namespace EFiling.Declarations.Findings;

/// <summary>
/// The stable finding codes of the parsing and header checks. Vendors switch on these: never rename one,
/// add a new one instead. Rule codes live in the rules files; signature codes in EFiling.Signing.
/// </summary>
public static class Codes
{
    public const string DocumentEmpty = "DOC_EMPTY";
    public const string DocumentTooLarge = "DOC_TOO_LARGE";
    public const string DocumentTooDeep = "DOC_TOO_DEEP";
    public const string DocumentTooManyElements = "DOC_TOO_MANY_ELEMENTS";
    public const string DocumentTooManyAttributes = "DOC_TOO_MANY_ATTRIBUTES";
    public const string DocumentNameTooLong = "DOC_NAME_TOO_LONG";
    public const string DocumentTextTooLong = "DOC_TEXT_TOO_LONG";
    public const string UnknownFamily = "DOC_UNKNOWN_FAMILY";
    public const string UnknownForm = "DOC_UNKNOWN_FORM";
    public const string UnknownFormVersion = "DOC_UNKNOWN_FORM_VERSION";

    public const string Malformed = "XML_MALFORMED";
    public const string Truncated = "XML_TRUNCATED";
    public const string DtdProhibited = "XML_DTD_PROHIBITED";

    public const string SchemaInvalid = "SCHEMA_INVALID";
    public const string SchemaUnexpectedElement = "SCHEMA_UNEXPECTED_ELEMENT";
    public const string SchemaUndeclaredElement = "SCHEMA_UNDECLARED_ELEMENT";
    public const string SchemaMissingElement = "SCHEMA_MISSING_ELEMENT";
    public const string SchemaInvalidValue = "SCHEMA_INVALID_VALUE";
    public const string SchemaUnexpectedAttribute = "SCHEMA_UNEXPECTED_ATTRIBUTE";
    public const string SchemaMissingAttribute = "SCHEMA_MISSING_ATTRIBUTE";
    public const string SchemaUnexpectedText = "SCHEMA_UNEXPECTED_TEXT";
    public const string SchemaDuplicateId = "SCHEMA_DUPLICATE_ID";

    public const string HeaderMstInvalid = "HDR_MST_INVALID";
    public const string HeaderPeriodInvalid = "HDR_PERIOD_INVALID";
    public const string HeaderPeriodKindNotAllowed = "HDR_PERIOD_KIND_NOT_ALLOWED";
    public const string HeaderFilingKindInvalid = "HDR_FILING_KIND_INVALID";
    public const string HeaderAmendmentNumber = "HDR_AMENDMENT_NUMBER";
    public const string HeaderOfficeMissing = "HDR_OFFICE_MISSING";

    // Dossiers (an I-VAN Hoso carrying several signed forms in base64). Each names the file (FileToKhai[n]) in its path.
    public const string DossierProcedureUnknown = "DOSSIER_PROCEDURE_UNKNOWN";
    public const string DossierFileCountMismatch = "DOSSIER_FILE_COUNT_MISMATCH";
    public const string DossierTooManyFiles = "DOSSIER_TOO_MANY_FILES";
    public const string DossierFormUnknown = "DOSSIER_FORM_UNKNOWN";
    public const string DossierFormNotAllowed = "DOSSIER_FORM_NOT_ALLOWED";
    public const string DossierFormMissing = "DOSSIER_FORM_MISSING";
    public const string DossierFormMismatch = "DOSSIER_FORM_MISMATCH";
    public const string DossierFileNotBase64 = "DOSSIER_FILE_NOT_BASE64";
    public const string DossierFileTooLarge = "DOSSIER_FILE_TOO_LARGE";
    public const string DossierFileLengthMismatch = "DOSSIER_FILE_LENGTH_MISMATCH";
    public const string DossierFileNotXml = "DOSSIER_FILE_NOT_XML";
}
