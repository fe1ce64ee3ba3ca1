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

    /// <summary>C14N 1.0 with comments, HTKK's SignedInfo canonicalization.</summary>
    InclusiveWithComments,

    /// <summary>Exclusive C14N with comments, the eTax portal's SignedInfo canonicalization.</summary>
    ExclusiveWithComments,
}

/// <summary>What the Reference's transform list holds after enveloped-signature.</summary>
public enum ReferenceTransforms
{
    /// <summary>Exclusive canonicalizations are repeated as a transform, inclusive ones are not (the long-standing default).</summary>
    FollowCanonicalization,

    /// <summary>Only enveloped-signature, as HTKK and the eTax portal write it (the node set is then canonicalized with C14N 1.0).</summary>
    EnvelopedOnly,

    /// <summary>Enveloped-signature followed by <see cref="XmlSignerOptions.Canonicalization"/> as a transform.</summary>
    EnvelopedAndCanonicalization,

    /// <summary>No transform at all, as the tax authority's replies: the signature sits outside the signed part, and the
    /// part is canonicalized with C14N 1.0. Only with <see cref="ReferenceTarget.SignedPartId"/>.</summary>
    None,
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

    public ReferenceTransforms ReferenceTransforms { get; init; } = ReferenceTransforms.FollowCanonicalization;

    /// <summary>Also write ds:KeyValue/ds:RSAKeyValue before ds:X509Data in KeyInfo, as HTKK does.</summary>
    public bool IncludeKeyValue { get; init; }

    /// <summary>Also write ds:X509SubjectName in ds:X509Data, as the tax authority's replies do.</summary>
    public bool IncludeSubjectName { get; init; }

    /// <summary>The signature element's Id (the tax authority's replies carry one).</summary>
    public string? SignatureId { get; init; }

    /// <summary>State this signing time in a ds:Object covered by a second Reference, as the tax authority's replies do
    /// (<see cref="SigningTimeKind.Signed"/>); the verifier accepts it only with
    /// <see cref="SignatureVerifierOptions.AcceptSignedSigningTime"/>.</summary>
    public DateTimeOffset? SignedSigningTime { get; init; }

    /// <summary>Append after KeyInfo an unsigned ds:Object holding this signing time, as the signing tool of public I-VAN
    /// client code does (<see cref="SigningTimeKind.Unsigned"/>); whole-document references only.</summary>
    public DateTimeOffset? UnsignedSigningTime { get; init; }
}
