namespace EFiling.Signing;

/// <summary>Stable finding codes. Callers (API responses, receipts, logs) depend on these strings: never rename one.</summary>
public static class SignatureCodes
{
    // Structure of the signature and what it points at.
    public const string Missing = "SIG_MISSING";
    /// <summary>A ds:Signature outside the signature block, or more signatures in it than are checked (<see cref="SignatureVerifier.MaxSignatures"/>).</summary>
    public const string Multiple = "SIG_MULTIPLE";
    /// <summary>Warn: the signature block holds byte-identical copies of one signature (HTKK when "sign" is pressed twice); verified once.</summary>
    public const string Repeated = "SIG_REPEATED";
    public const string Malformed = "SIG_MALFORMED";
    /// <summary>A ds:Object or ds:Manifest inside ds:Signature: content the one Reference does not sign.</summary>
    public const string ObjectNotAllowed = "SIG_OBJECT_NOT_ALLOWED";
    public const string ReferenceCount = "SIG_REFERENCE_COUNT";
    public const string ReferenceExternal = "SIG_REFERENCE_EXTERNAL";
    public const string ReferenceTarget = "SIG_REFERENCE_TARGET";
    public const string DuplicateId = "SIG_DUPLICATE_ID";
    public const string TransformNotAllowed = "SIG_TRANSFORM_NOT_ALLOWED";
    public const string AlgorithmNotAllowed = "SIG_ALGORITHM_NOT_ALLOWED";
    public const string Sha1Used = "SIG_SHA1_USED";
    public const string NoCertificate = "SIG_NO_CERTIFICATE";
    /// <summary>KeyInfo's ds:KeyValue is not the public key of the certificate in ds:X509Data.</summary>
    public const string KeyValueMismatch = "SIG_KEYVALUE_MISMATCH";
    public const string Invalid = "SIG_INVALID";
    /// <summary>Warn: the signature value (and, when the document is refused for other errors, the chain and revocation) was
    /// not checked, because the filing is refused already; fixing the other errors may bring signature findings to light.</summary>
    public const string NotChecked = "SIG_NOT_CHECKED";

    // The signer's certificate.
    public const string CertUntrustedRoot = "CERT_UNTRUSTED_ROOT";
    public const string CertExpired = "CERT_EXPIRED";
    public const string CertNotYetValid = "CERT_NOT_YET_VALID";
    public const string CertChainInvalid = "CERT_CHAIN_INVALID";
    public const string CertKeyUsage = "CERT_KEY_USAGE";
    /// <summary>The signer's extended key usage is present and names no document-signing purpose (e.g. TLS server or code signing only).</summary>
    public const string CertExtendedKeyUsage = "CERT_EXTENDED_KEY_USAGE";
    /// <summary>The signer's RSA key is shorter than <see cref="SignatureVerifierOptions.MinRsaKeyBits"/>.</summary>
    public const string CertKeyTooSmall = "CERT_KEY_TOO_SMALL";
    /// <summary>Warn: the signer's RSA key is accepted (at least the minimum) but shorter than 2048 bits.</summary>
    public const string CertKeyWeak = "CERT_KEY_WEAK";
    public const string CertRevoked = "CERT_REVOKED";
    /// <summary>A CA certificate of the signer's chain (e.g. the issuing CA) is revoked by its issuer's CRL.</summary>
    public const string CertIssuerRevoked = "CERT_ISSUER_REVOKED";
    public const string CertRevocationUnknown = "CERT_REVOCATION_UNKNOWN";
    public const string CertMstMissing = "CERT_MST_MISSING";
    public const string CertMstMismatch = "CERT_MST_MISMATCH";
    /// <summary>A branch's filing (MST-NNN) signed with its parent's certificate where the office does not allow it.</summary>
    public const string CertMstBranchOnParent = "CERT_MST_BRANCH_ON_PARENT";
}
