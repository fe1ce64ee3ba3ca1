namespace EFiling.Functions.Http;

/// <summary>
/// The problem types (RFC 9457 "type" URIs) the API returns. They are identifiers, stable forever:
/// https://efiling.vn/problems/{name}. For 422 the type names the first failing check stage
/// (schema, then signature, then certificate, then business rules); <c>errors</c> lists every finding.
/// </summary>
public static class ProblemTypes
{
    public const string Base = "https://efiling.vn/problems/";

    public const string Malformed = Base + "malformed-xml";
    public const string TooLarge = Base + "document-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string SchemaInvalid = Base + "schema-invalid";
    public const string SignatureInvalid = Base + "signature-invalid";
    public const string CertificateInvalid = Base + "certificate-invalid";
    public const string RuleViolation = Base + "rule-violation";
    public const string DeclarationInvalid = Base + "declaration-invalid";
    public const string NotFound = Base + "not-found";
    public const string StorageUnavailable = Base + "storage-unavailable";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string RateLimited = Base + "rate-limited";
    public const string InternalError = Base + "internal-error";
    public const string Unauthenticated = Base + "unauthenticated";
    public const string SubscriptionInvalid = Base + "subscription-invalid";
    public const string TestMode = Base + "test-mode";
}
