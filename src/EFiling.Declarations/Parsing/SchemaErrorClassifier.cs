using EFiling.Declarations.Findings;

namespace EFiling.Declarations.Parsing;

/// <summary>
/// Gives each schema error a stable code. System.Xml reports only a message, so the code is read from the
/// message's wording (the runtime ships English texts only); anything unrecognised is SCHEMA_INVALID.
/// </summary>
internal static class SchemaErrorClassifier
{
    private static readonly (string Fragment, string Code)[] Patterns =
    [
        ("has invalid child element", Codes.SchemaUnexpectedElement),
        ("has incomplete content", Codes.SchemaMissingElement),
        ("element is not declared", Codes.SchemaUndeclaredElement),
        ("Could not find schema information for the element", Codes.SchemaUndeclaredElement),
        ("attribute is not declared", Codes.SchemaUnexpectedAttribute),
        ("Could not find schema information for the attribute", Codes.SchemaUnexpectedAttribute),
        ("required attribute", Codes.SchemaMissingAttribute),
        ("is already used as an ID", Codes.SchemaDuplicateId),
        ("cannot contain text", Codes.SchemaUnexpectedText),
        ("has invalid text", Codes.SchemaUnexpectedText),
        ("The value", Codes.SchemaInvalidValue),
        ("is invalid according to its datatype", Codes.SchemaInvalidValue),
    ];

    public static string Classify(string message)
    {
        foreach (var (fragment, code) in Patterns)
        {
            if (message.Contains(fragment, StringComparison.Ordinal)) return code;
        }
        return Codes.SchemaInvalid;
    }
}
