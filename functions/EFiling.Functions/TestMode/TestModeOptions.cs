namespace EFiling.Functions.TestMode;

/// <summary>
/// Section EFiling:TestMode (EFiling__TestMode__Name): test filings in production, as HMRC's Test-in-Live or the IRS's
/// ATS. A filing sent with <c>X-EFiling-Test: true</c> is checked exactly like a real one, against the real roots and the
/// test trust anchor configured here (kept apart from EFiling__TrustedRoots: without the header a declaration signed
/// under the test anchor fails CERT_UNTRUSTED_ROOT like any unknown root).
/// </summary>
public sealed class TestModeOptions
{
    public const string Section = "TestMode";

    /// <summary>Test filings are taken at all (default). Off: the header is answered with 403 TEST_MODE_DISABLED.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>PEM bundle of the test trust anchor(s): a file path or the PEM text. Trusted for test filings only.</summary>
    public string? TrustedRoots { get; set; }

    /// <summary>PEM bundle of the test anchor's intermediate CAs: a file path or the PEM text.</summary>
    public string? Intermediates { get; set; }

    /// <summary>Folder of the test anchor's CRLs (the real CRL folder is read as well).</summary>
    public string? CrlFolder { get; set; }

    /// <summary>Days a test filing is kept: the lifecycle rule of infra-bicep (testFilingRetentionDays) deletes the blobs
    /// of test-filings that much after they were written; the app states it in a test filing's status.</summary>
    public int RetentionDays { get; set; } = 7;
}
