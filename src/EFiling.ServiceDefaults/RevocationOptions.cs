using EFiling.Validation;

namespace EFiling.ServiceDefaults;

/// <summary>Revocation checking of signer chains, section "EFiling:Revocation" (EFiling__Revocation__WhenUnknown, …).</summary>
public sealed class RevocationOptions
{
    public const string Section = EFilingOptions.Section + ":Revocation";

    /// <summary>Review (default): a filing whose revocation cannot be established is acknowledged (202) and goes to an
    /// officer with CERT_REVOCATION_UNKNOWN, and reconciliation asks again; Reject: refused (422).</summary>
    public RevocationUnknownPolicy WhenUnknown { get; set; } = RevocationUnknownPolicy.Review;

    /// <summary>Ask OCSP responders and CRL distribution points (http only) when the CRL folder has no fresh CRL.</summary>
    public bool Online { get; set; } = true;

    /// <summary>Connect plus read, per request to a responder or distribution point.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);
}
