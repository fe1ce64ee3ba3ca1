using EFiling.Declarations.Findings;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using EFiling.Declarations.Parsing;

namespace EFiling.Signing;

/// <summary>
/// Verifies the enveloped XMLDSig of a declaration or receipt. It is told which element is the signed part
/// and which holds the signature, so it knows nothing of form details. Order matters: structure and
/// allow-lists first (DOM only), then the certificate, and SignedXml's cryptographic check only when the
/// structure passed, so SignedXml never meets a transform or URI we would not accept. The expensive checks (the
/// signature value, revocation) are skipped once a reject is certain, with a SIG_NOT_CHECKED warning. A signature block holding
/// several different signatures has each checked in full, and each signer must be entitled (taxpayer or agent).
/// </summary>
public sealed class SignatureVerifier
{
    private readonly SignatureVerifierOptions _options;

    /// <summary>Signers' trusted paths, built once per signer and trust (validity and revocation still checked per filing).</summary>
    private readonly ChainCache _chains = new();

    /// <summary>KeyInfo certificates decoded once per distinct certificate, with the facts read from them alone.</summary>
    private readonly DecodedCertificates _certificates = new();

    /// <summary>Chains built so far (not taken from the cache).</summary>
    internal long ChainBuilds => _chains.Builds;

    /// <summary>KeyInfo certificates decoded so far (not taken from the cache).</summary>
    internal long CertificateDecodes => _certificates.Decodes;

    public SignatureVerifier(SignatureVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Most ds:Signature elements the signature block may hold (copies included): real filings carry one to
    /// three; more is refused with <c>SIG_MULTIPLE</c> before any of them is checked, against resource abuse.</summary>
    public const int MaxSignatures = 8;

    /// <param name="document">The parsed document (load it with <see cref="SecureXml"/>: whitespace preserved, no DTD).</param>
    /// <param name="signedPart">The element the caller will read, e.g. <c>HSoKhaiThue</c>.</param>
    /// <param name="signatureBlock">The element that must hold the ds:Signature(s), e.g. <c>CKyDTu</c>.</param>
    /// <param name="expectedMst">The taxpayer the document is for (its <c>NNT/mst</c>), the only one entitled to sign.</param>
    /// <param name="atTime">The time the certificate must be valid and not revoked at (normally the receipt time).</param>
    public SignatureVerification Verify(
        XmlDocument document, XmlElement signedPart, XmlElement signatureBlock, string expectedMst, DateTimeOffset atTime)
    {
        ArgumentNullException.ThrowIfNull(expectedMst);
        return VerifyCore(document, signedPart, signatureBlock, [expectedMst], atTime);
    }

    /// <summary>Verifies every signature in the block; each signer must be one of <paramref name="entitledMsts"/>.</summary>
    /// <param name="entitledMsts">Who may sign: the taxpayer first (its <c>NNT/mst</c>), then the tax agent the document
    /// names (<c>DLyThue/mstDLyThue</c>), if any.</param>
    /// <param name="refusedAlready">The caller refuses the document anyway (e.g. it failed its schema): only the cheap
    /// checks run (structure, reference, the certificate's own MST, key and usage), and a <c>SIG_NOT_CHECKED</c> warning
    /// says that the chain, revocation and signature value were not.</param>
    public SignatureVerification Verify(
        XmlDocument document, XmlElement signedPart, XmlElement signatureBlock, IReadOnlyCollection<string> entitledMsts, DateTimeOffset atTime,
        bool refusedAlready = false)
    {
        ArgumentNullException.ThrowIfNull(entitledMsts);
        if (entitledMsts.Count == 0 || entitledMsts.Any(m => m is null))
        {
            throw new ArgumentException("Name at least the taxpayer's MST, and no null.", nameof(entitledMsts));
        }

        return VerifyCore(document, signedPart, signatureBlock, entitledMsts, atTime, refusedAlready);
    }

    /// <summary>Verifies a document that belongs to no taxpayer, such as the service's own receipts: every
    /// check except the certificate's MST. Use the other overloads for anything a taxpayer signs.</summary>
    public SignatureVerification Verify(XmlDocument document, XmlElement signedPart, XmlElement signatureBlock, DateTimeOffset atTime) =>
        VerifyCore(document, signedPart, signatureBlock, entitledMsts: null, atTime);

    private SignatureVerification VerifyCore(
        XmlDocument document, XmlElement signedPart, XmlElement signatureBlock, IReadOnlyCollection<string>? entitledMsts, DateTimeOffset atTime,
        bool refusedAlready = false)
    {
        ArgumentNullException.ThrowIfNull(document);
        EnsureInDocument(document, signedPart, nameof(signedPart));
        EnsureInDocument(document, signatureBlock, nameof(signatureBlock));

        var findings = new FindingList();
        var signatures = LocateSignatures(document, signatureBlock, findings);
        var signers = new List<SignerInfo>();
        for (var i = 0; i < signatures.Count; i++)
        {
            // Each distinct signature is checked in full on its own; with several, each finding says which one.
            var own = signatures.Count == 1 ? findings : new FindingList();
            var signer = VerifyOne(document, signedPart, signatures[i], entitledMsts, atTime, refusedAlready, own);
            if (signatures.Count > 1)
            {
                foreach (var finding in own.ToList())
                {
                    findings.Add(finding.Code, finding.Severity, $"Signature {i + 1} of {signatures.Count}: {finding.Message}");
                }
            }

            if (signer is not null && !signers.Any(s => s.ThumbprintSha256 == signer.ThumbprintSha256))
            {
                signers.Add(signer);
            }
        }

        return new SignatureVerification(findings.ToList(), signers);
    }

    private SignerInfo? VerifyOne(
        XmlDocument document, XmlElement signedPart, XmlElement signature, IReadOnlyCollection<string>? entitledMsts, DateTimeOffset atTime,
        bool refusedAlready, FindingList findings)
    {
        var structure = SignatureStructureInspector.Inspect(signature, _options, atTime, findings, _certificates);
        string? targetId = null;
        if (structure.HasPartReference)
        {
            ReferenceTargetCheck.Check(document, signedPart, structure.ReferenceUri, findings, out targetId);
        }

        if (structure.SigningTime is { Kind: SigningTimeKind.Signed, Id: { } objectId } && IdAttributes.ElementsWithId(document, objectId).Count != 1)
        {
            // SignedXml would take the Object for the id, another verifier the first element holding it: both must agree.
            findings.Reject(SignatureCodes.DuplicateId, $"The id \"{objectId}\" of the signing time's ds:Object appears on more than one element.");
        }

        var structureAccepted = !findings.HasReject;
        // The certificates are the cache's (DecodedCertificates), shared with other filings: never disposed here.
        if (structure.Signer is not { } signer)
        {
            return null;
        }

        var certificate = signer.Certificate;

        // Cheapest first, and the expensive checks only while the filing can still be accepted: the chain (offline,
        // skipped when the caller refuses the document anyway), the certificate's own facts, then the signature value
        // (canonicalises the whole signed part), and revocation last (it may go online).
        using var chain = refusedAlready ? null : CertificateChainCheck.Run(certificate, structure.OtherCertificates, atTime, _options, findings, _chains);
        CheckCertificate(signer, entitledMsts, findings);

        if (structureAccepted && (refusedAlready || findings.HasReject))
        {
            findings.Warn(SignatureCodes.NotChecked, refusedAlready
                ? "The certificate chain, its revocation and the signature value were not checked: the declaration is refused for the errors above."
                : "The signature value and the certificate's revocation were not checked: the certificate is refused already.");
        }
        else if (structureAccepted)
        {
            CheckCryptography(document, signature, signedPart, targetId, signer,
                structure.SigningTime is { Kind: SigningTimeKind.Unsigned } unsigned ? unsigned.Object : null, findings);
        }

        if (chain is not null && !findings.HasReject)
        {
            RevocationCheck.Run(chain, atTime, _options, findings);
        }

        return signer.Describe(structure);
    }

    /// <summary>
    /// The distinct signatures of the block, in document order. A ds:Signature anywhere else is refused (it is not
    /// where the schema puts signatures, and nothing checks what it covers). Byte-identical copies, as HTKK writes
    /// when "sign" is pressed more than once, are one signature: the same bytes verify the same way.
    /// </summary>
    private static List<XmlElement> LocateSignatures(XmlDocument document, XmlElement signatureBlock, FindingList findings)
    {
        var all = DomWalk.Elements(document, "Signature", XmlDsigAlgorithms.DsigNamespace).ToList();
        var inBlock = all.Where(s => ReferenceEquals(s.ParentNode, signatureBlock)).ToList();
        if (inBlock.Count == 0)
        {
            findings.Reject(
                SignatureCodes.Missing,
                all.Count == 0
                    ? $"The document carries no ds:Signature (expected inside <{signatureBlock.Name}>)."
                    : $"<{signatureBlock.Name}> holds no ds:Signature; {all.Count} found elsewhere in the document.");
            return [];
        }

        if (all.Count > inBlock.Count)
        {
            findings.Reject(
                SignatureCodes.Multiple,
                $"The document carries {all.Count - inBlock.Count} ds:Signature element(s) outside <{signatureBlock.Name}>; signatures are accepted only as its children.");
            return [];
        }

        if (inBlock.Count > MaxSignatures)
        {
            findings.Reject(
                SignatureCodes.Multiple,
                $"<{signatureBlock.Name}> holds {inBlock.Count} ds:Signature elements; at most {MaxSignatures} are accepted.");
            return [];
        }

        // One signature (the usual case) is not serialised to compare it with nothing.
        var distinct = inBlock.Count == 1 ? inBlock : inBlock.DistinctBy(s => s.OuterXml, StringComparer.Ordinal).ToList();
        if (distinct.Count < inBlock.Count)
        {
            findings.Warn(
                SignatureCodes.Repeated,
                distinct.Count == 1
                    ? $"<{signatureBlock.Name}> holds {inBlock.Count} byte-identical copies of one signature; it was verified once."
                    : $"<{signatureBlock.Name}> holds {inBlock.Count} ds:Signature elements, {distinct.Count} distinct; byte-identical copies were verified once.");
        }

        return distinct;
    }

    /// <summary>Key usage, extended key usage and key size (read once per certificate), and the MST against this filing's
    /// taxpayer.</summary>
    private void CheckCertificate(DecodedCertificate signer, IReadOnlyCollection<string>? entitledMsts, FindingList findings)
    {
        foreach (var finding in signer.OwnFindings(_options))
        {
            findings.Add(finding.Code, finding.Severity, finding.Message);
        }

        if (entitledMsts is not null)
        {
            MstCheck.Run(signer.Msts, entitledMsts, _options, findings);
        }
    }

    /// <summary>The signature value and the reference digest: the fast path where the signature and document are in its
    /// profile, SignedXml otherwise or when configured (<see cref="SignatureVerifierOptions.XmlDsig"/>).</summary>
    private void CheckCryptography(
        XmlDocument document, XmlElement signature, XmlElement signedPart, string? targetId, DecodedCertificate signer,
        XmlElement? unsignedSigningTime, FindingList findings)
    {
        var certificate = signer.Certificate;
        if (_options.XmlDsig == XmlDsigPath.Reference)
        {
            CheckWithSignedXml(document, signature, signedPart, targetId, certificate, unsignedSigningTime, findings);
            return;
        }

        var fast = FastSignatureCheck.Check(document, signature, signedPart, targetId, signer);
        if (_options.XmlDsig == XmlDsigPath.Differential)
        {
            var reference = new FindingList();
            CheckWithSignedXml(document, signature, signedPart, targetId, certificate, unsignedSigningTime, reference);
            XmlDsigDifferential.Compare(fast, reference.ToList().FirstOrDefault()?.Code, document, signature, signedPart, targetId);
        }

        switch (fast.Verdict)
        {
            case FastVerdict.Valid:
                return;
            case FastVerdict.Invalid:
                findings.Reject(SignatureCodes.Invalid, InvalidMessage);
                return;
            default:
                CheckWithSignedXml(document, signature, signedPart, targetId, certificate, unsignedSigningTime, findings);
                return;
        }
    }

    private const string InvalidMessage = "The signature does not match the signed content (digest or signature value mismatch).";

    /// <summary>The reference path: SignedXml, pinned to the signed part.</summary>
    internal static void CheckWithSignedXml(
        XmlDocument document, XmlElement signature, XmlElement signedPart, string? targetId, X509Certificate2 certificate,
        XmlElement? unsignedSigningTime, FindingList findings)
    {
        var signedXml = new PinnedSignedXml(document, targetId is null ? null : signedPart, targetId);
        bool valid;
        // The unsigned signing-time Object is unread; SignedXml would refuse one outside the XMLDSig namespace. Taken
        // out while SignedXml checks: the enveloped-signature transform leaves the whole ds:Signature out of the
        // digest, and SignedInfo's canonical form does not depend on its siblings, so nothing signed changes.
        var objectNext = unsignedSigningTime?.NextSibling;
        unsignedSigningTime?.ParentNode?.RemoveChild(unsignedSigningTime);
        try
        {
            signedXml.LoadXml(signature);
            // verifySignatureOnly: the chain was validated above, offline and against our roots only.
            valid = signedXml.CheckSignature(certificate, verifySignatureOnly: true);
        }
        catch (Exception e) when (e is CryptographicException or XmlException)
        {
            findings.Reject(SignatureCodes.Invalid, $"The signature cannot be checked: {e.Message}");
            return;
        }
        catch (FormatException e)
        {
            // A value SignedXml decodes that the structure check did not foresee: the signature cannot be read at all.
            findings.Reject(SignatureCodes.Malformed, $"The signature cannot be read: {e.Message}");
            return;
        }
        finally
        {
            if (unsignedSigningTime is not null) signature.InsertBefore(unsignedSigningTime, objectNext);
        }

        if (!valid)
        {
            findings.Reject(SignatureCodes.Invalid, InvalidMessage);
        }
    }

    private static void EnsureInDocument(XmlDocument document, XmlElement element, string name)
    {
        ArgumentNullException.ThrowIfNull(element, name);
        XmlNode? node = element;
        while (node is not null && node is not XmlDocument)
        {
            node = node.ParentNode;
        }

        if (!ReferenceEquals(node, document))
        {
            throw new ArgumentException("The element must be part of the document being verified.", name);
        }
    }
}
