namespace EFiling.Signing;

/// <summary>What the single Reference of a signature covers.</summary>
public enum ReferenceTarget
{
    /// <summary><c>URI="#ID_1"</c>: the signed part by its id, as HTKK does.</summary>
    SignedPartId,

    /// <summary><c>URI=""</c>: the whole document, with the enveloped-signature transform.</summary>
    WholeDocument,
}

/// <summary>Canonicalization for SignedInfo and the reference.</summary>
public enum XmlCanonicalization
{
    /// <summary>C14N 1.0 (inclusive), without comments.</summary>
    Inclusive,

    /// <summary>Exclusive C14N, without comments.</summary>
    Exclusive,
}

/// <summary>Hash for both the digest and RSA signature.</summary>
public enum SignatureHash
{
    Sha256,

    /// <summary>Only to imitate older tools in tests; the verifier refuses it unless told otherwise.</summary>
    Sha1,
}

/// <summary>How <see cref="XmlSigner"/> signs. The defaults are what HTKK produces.</summary>
public sealed record XmlSignerOptions
{
    public ReferenceTarget Reference { get; init; } = ReferenceTarget.SignedPartId;

    public XmlCanonicalization Canonicalization { get; init; } = XmlCanonicalization.Inclusive;

    public SignatureHash Hash { get; init; } = SignatureHash.Sha256;
}
