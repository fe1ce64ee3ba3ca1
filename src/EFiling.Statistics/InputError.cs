namespace EFiling.Statistics;

/// <summary>Why a counter filing or payment was refused: a stable code, a message, and where (CSV line, field).</summary>
public sealed record InputError(string Code, string Message, int? Line = null, string? Field = null)
{
    public const string Missing = "INPUT_FIELD_MISSING";
    public const string MstInvalid = "INPUT_MST_INVALID";
    public const string DateInvalid = "INPUT_DATE_INVALID";
    public const string FormUnknown = "INPUT_FORM_UNKNOWN";
    public const string ChannelUnknown = "INPUT_CHANNEL_UNKNOWN";
    public const string AmountInvalid = "INPUT_AMOUNT_INVALID";
    public const string OfficeInvalid = "INPUT_OFFICE_INVALID";
    public const string ReferenceInvalid = "INPUT_REFERENCE_INVALID";
    public const string CsvMalformed = "CSV_MALFORMED";
    public const string Empty = "INPUT_EMPTY";
}
