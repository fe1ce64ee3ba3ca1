using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace EFiling.Signing;

/// <summary>
/// Verifies the enveloped XMLDSig of a declaration or receipt. It is told which element is the signed part
/// and which holds the signature, so it knows nothing of form details. Order matters: structure and
/// allow-lists first (DOM only), then the certificate, and SignedXml's cryptographic check only when the
/// structure passed, so SignedXml never meets a transform or URI we would not accept.
/// </summary>
public sealed class SignatureVerifier
{
    private readonly SignatureVerifierOptions _options;

    public SignatureVerifier(SignatureVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <param name="document">The parsed document (load it with <see cref="SecureXml"/>: whitespace preserved, no DTD).</param>
    /// <param name="signedPart">The element the caller will read, e.g. <c>HSoKhaiThue</c>.</param>
    /// <param name="signatureBlock">The element that must hold the one ds:Signature, e.g. <c>CKyDTu</c>.</param>
    /// <param name="expectedMst">The taxpayer the document is for (its <c>NNT/mst</c>).</param>
    /// <param name="atTime">The time the certificate must be valid and not revoked at (normally the receipt time).</param>
    public SignatureVerification Verify(
        XmlDocument document, XmlElement signedPart, XmlElement signatureBlock, string expectedMst, DateTimeOffset atTime)
    {
        ArgumentNullException.ThrowIfNull(expectedMst);
        return VerifyCore(document, signedPart, signatureBlock, expectedMst, atTime);
    }

    /// <summary>Verifies a document that belongs to no taxpayer, such as the service's own receipts: every
    /// check except the certificate's MST. Use the other overload for anything a taxpayer signs.</summary>
    public SignatureVerification Verify(XmlDocument document, XmlElement signedPart, XmlElement signatureBlock, DateTimeOffset atTime) =>
        VerifyCore(document, signedPart, signatureBlock, expectedMst: null, atTime);

    private SignatureVerification VerifyCore(
        XmlDocument document, XmlElement signedPart, XmlElement signatureBlock, string? expectedMst, DateTimeOffset atTime)
    {
        ArgumentNullException.ThrowIfNull(document);
        EnsureInDocument(document, signedPart, nameof(signedPart));
        EnsureInDocument(document, signatureBlock, nameof(signatureBlock));

        var findings = new FindingList();
        var signature = LocateSignature(document, signatureBlock, findings);
        if (signature is null)
        {
            return new SignatureVerification(findings.ToList(), null);
        }

        var structure = SignatureStructureInspector.Inspect(signature, _options, atTime, findings);
        string? targetId = null;
        if (structure.HasSingleReference)
        {
            ReferenceTargetCheck.Check(document, signedPart, structure.ReferenceUri, findings, out targetId);
        }

        var structureAccepted = !findings.HasReject;
        try
        {
            if (structure.Signer is not { } certificate)
            {
                return new SignatureVerification(findings.ToList(), null);
            }

            CheckCertificate(certificate, structure.OtherCertificates, expectedMst, atTime, findings);
            KeySizeCheck.Run(certificate, _options, findings);

            if (structureAccepted)
            {
                CheckCryptography(document, signature, signedPart, targetId, certificate, findings);
            }

            return new SignatureVerification(findings.ToList(), DescribeSigner(certificate, structure));
        }
        finally
        {
            structure.Signer?.Dispose();
            foreach (var other in structure.OtherCertificates)
            {
                other.Dispose();
            }
        }
    }

    private static XmlElement? LocateSignature(XmlDocument document, XmlElement signatureBlock, FindingList findings)
    {
        var all = document.GetElementsByTagName("Signature", XmlDsigAlgorithms.DsigNamespace).OfType<XmlElement>().ToList();
        var inBlock = all.Where(s => ReferenceEquals(s.ParentNode, signatureBlock)).ToList();
        if (inBlock.Count == 0)
        {
            findings.Reject(
                SignatureCodes.Missing,
                all.Count == 0
                    ? $"The document carries no ds:Signature (expected inside <{signatureBlock.Name}>)."
                    : $"<{signatureBlock.Name}> holds no ds:Signature; {all.Count} found elsewhere in the document.");
            return null;
        }

        if (all.Count > 1)
        {
            findings.Reject(
                SignatureCodes.Multiple,
                $"The document carries {all.Count} ds:Signature elements; exactly one, inside <{signatureBlock.Name}>, is accepted.");
            return null;
        }

        return inBlock[0];
    }

    private void CheckCertificate(
        X509Certificate2 signer, X509Certificate2Collection fromKeyInfo, string? expectedMst, DateTimeOffset atTime, FindingList findings)
    {
        using var chain = CertificateChainCheck.Run(signer, fromKeyInfo, atTime, _options, findings);
        KeyUsageCheck.Run(signer, findings);
        if (chain is not null)
        {
            RevocationCheck.Run(chain, atTime, _options, findings);
        }

        if (expectedMst is not null)
        {
            MstCheck.Run(signer, expectedMst, _options, findings);
        }
    }

    private static void CheckCryptography(
        XmlDocument document, XmlElement signature, XmlElement signedPart, string? targetId, X509Certificate2 certificate, FindingList findings)
    {
        var signedXml = new PinnedSignedXml(document, targetId is null ? null : signedPart, targetId);
        bool valid;
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

        if (!valid)
        {
            findings.Reject(SignatureCodes.Invalid, "The signature does not match the signed content (digest or signature value mismatch).");
        }
    }

    private static SignerInfo DescribeSigner(X509Certificate2 certificate, SignatureStructure structure) =>
        new(
            certificate.Subject,
            certificate.Issuer,
            certificate.SerialNumber,
            certificate.Thumbprint,
            certificate.GetCertHashString(HashAlgorithmName.SHA256),
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
            CertificateMst.Read(certificate),
            structure.SignatureMethod,
            structure.DigestMethod,
            structure.UsesSha1);

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
