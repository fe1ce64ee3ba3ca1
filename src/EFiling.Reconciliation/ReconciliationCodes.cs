namespace EFiling.Reconciliation;

/// <summary>
/// The stable codes of the reconciliation checks. Vendors and officers switch on these: never rename one, add a
/// new one instead. Each check's severity is fixed in its class (reject, review or warn).
/// </summary>
public static class ReconciliationCodes
{
    public const string TaxpayerUnknown = "REC_TAXPAYER_UNKNOWN";
    public const string TaxpayerInactive = "REC_TAXPAYER_INACTIVE";
    public const string EmployerUnknown = "REC_EMPLOYER_UNKNOWN";
    public const string EmployerMstMismatch = "REC_EMPLOYER_MST_MISMATCH";
    public const string OfficeMismatch = "REC_OFFICE_MISMATCH";
    public const string CertificateNotRegistered = "REC_CERT_NOT_REGISTERED";
    public const string CertificateMstMismatch = "REC_CERT_MST_MISMATCH";
    public const string SignerNotRecorded = "REC_SIGNER_NOT_RECORDED";
    public const string AgentUnknown = "REC_AGENT_UNKNOWN";
    public const string AgentInactive = "REC_AGENT_INACTIVE";
    public const string AgentNotEngaged = "REC_AGENT_NOT_ENGAGED";
    public const string OriginalReplaced = "REC_ORIGINAL_REPLACED";
    public const string OriginalAfterDeadline = "REC_ORIGINAL_AFTER_DEADLINE";
    public const string SupplementaryNoOriginal = "REC_SUPPLEMENTARY_NO_ORIGINAL";
    public const string SupplementaryOutOfOrder = "REC_SUPPLEMENTARY_OUT_OF_ORDER";
    public const string SupplementaryNumberUsed = "REC_SUPPLEMENTARY_NUMBER_USED";
    public const string Late = "REC_LATE";
    public const string FiguresFarFromHistory = "REC_FIGURES_FAR_FROM_HISTORY";
    public const string EmployeeCountMismatch = "REC_EMPLOYEE_COUNT_MISMATCH";
}
