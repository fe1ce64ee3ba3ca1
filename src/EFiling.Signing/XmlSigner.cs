using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using EFiling.Declarations.Parsing;

namespace EFiling.Signing;

/// <summary>
/// Signs a document the way HTKK does: an enveloped XMLDSig inside the signature block (e.g. <c>CKyDTu</c>),
/// one Reference to the signed part (<c>#ID_1</c>) or the whole document, RSA with SHA-256, and the signer's
/// certificate in KeyInfo/X509Data. Used for our own receipts and to produce test filings.
/// </summary>
public sealed class XmlSigner
{
    private readonly X509Certificate2 _certificate;
    private readonly XmlSignerOptions _options;

    /// <param name="certificate">The signer's certificate with its RSA private key.</param>
    public XmlSigner(X509Certificate2 certificate, XmlSignerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The signing certificate has no private key.", nameof(certificate));
        }

        _certificate = certificate;
        _options = options ?? new XmlSignerOptions();
    }

    /// <summary>Signs in place and returns the ds:Signature element now inside <paramref name="signatureBlock"/>.
    /// A Signature already in the block (e.g. a placeholder <c>&lt;Signature/&gt;</c>) is replaced.</summary>
    public XmlElement Sign(XmlDocument document, XmlElement signedPart, XmlElement signatureBlock)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(signedPart);
        ArgumentNullException.ThrowIfNull(signatureBlock);
        if (!document.PreserveWhitespace)
        {
            // Whitespace stripped at load time would be missing from the signed bytes but present in the file.
            throw new InvalidOperationException("Load the document with PreserveWhitespace = true (see SecureXml) before signing.");
        }

        if (!ReferenceEquals(signedPart.OwnerDocument, document) || !ReferenceEquals(signatureBlock.OwnerDocument, document))
        {
            throw new ArgumentException("The signed part and the signature block must belong to the document.");
        }

        var insertBefore = RemoveExistingSignatures(document, signatureBlock);

        var targetId = _options.Reference == ReferenceTarget.SignedPartId ? IdOf(signedPart) : null;
        using var key = _certificate.GetRSAPrivateKey()
                        ?? throw new ArgumentException("The signing certificate's private key is not RSA.");
        var signedXml = new PinnedSignedXml(document, targetId is null ? null : signedPart, targetId) { SigningKey = key };

        var sha1 = _options.Hash == SignatureHash.Sha1;
        signedXml.SignedInfo!.SignatureMethod = sha1 ? XmlDsigAlgorithms.RsaSha1 : XmlDsigAlgorithms.RsaSha256;
        var canonicalization = _options.Canonicalization switch
        {
            XmlCanonicalization.Exclusive => XmlDsigAlgorithms.ExcC14N,
            XmlCanonicalization.InclusiveWithComments => XmlDsigAlgorithms.C14NWithComments,
            XmlCanonicalization.ExclusiveWithComments => XmlDsigAlgorithms.ExcC14NWithComments,
            _ => XmlDsigAlgorithms.C14N,
        };
        var exclusive = _options.Canonicalization is XmlCanonicalization.Exclusive or XmlCanonicalization.ExclusiveWithComments;
        signedXml.SignedInfo.CanonicalizationMethod = canonicalization;

        var reference = new Reference(targetId is null ? string.Empty : "#" + targetId)
        {
            DigestMethod = sha1 ? XmlDsigAlgorithms.Sha1 : XmlDsigAlgorithms.Sha256,
        };
        if (_options.ReferenceTransforms == ReferenceTransforms.None && targetId is null)
        {
            throw new InvalidOperationException("A signature over the whole document needs the enveloped-signature transform.");
        }

        // Enveloped-signature is required for URI="" and harmless for "#id" (the signature sits outside the part).
        if (_options.ReferenceTransforms != ReferenceTransforms.None)
        {
            reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        }

        var addCanonicalization = _options.ReferenceTransforms switch
        {
            ReferenceTransforms.None or ReferenceTransforms.EnvelopedOnly => false,
            ReferenceTransforms.EnvelopedAndCanonicalization => true,
            _ => exclusive,
        };
        if (addCanonicalization)
        {
            reference.AddTransform(_options.Canonicalization switch
            {
                XmlCanonicalization.Exclusive => new XmlDsigExcC14NTransform(),
                XmlCanonicalization.ExclusiveWithComments => new XmlDsigExcC14NWithCommentsTransform(),
                XmlCanonicalization.InclusiveWithComments => new XmlDsigC14NWithCommentsTransform(),
                _ => new XmlDsigC14NTransform(),
            });
        }

        signedXml.AddReference(reference);
        if (_options.SignedSigningTime is { } signingTime)
        {
            AddSignedSigningTime(signedXml, signingTime, sha1);
        }

        if (_options.SignatureId is { } signatureId)
        {
            signedXml.Signature.Id = signatureId;
        }

        var keyInfo = new KeyInfo();
        if (_options.IncludeKeyValue)
        {
            using var publicKey = _certificate.GetRSAPublicKey()!;
            keyInfo.AddClause(new RSAKeyValue(RSA.Create(publicKey.ExportParameters(includePrivateParameters: false))));
        }

        var x509Data = new KeyInfoX509Data(_certificate);
        if (_options.IncludeSubjectName)
        {
            x509Data.AddSubjectName(_certificate.Subject);
        }

        keyInfo.AddClause(x509Data);
        signedXml.KeyInfo = keyInfo;

        signedXml.ComputeSignature();

        var signature = (XmlElement)document.ImportNode(signedXml.GetXml(), deep: true);
        if (_options.UnsignedSigningTime is { } at)
        {
            if (targetId is not null) throw new InvalidOperationException("A signing-time Object goes only with a whole-document reference.");
            AppendUnsignedSigningTime(document, signature, at);
        }

        signatureBlock.InsertBefore(signature, insertBefore);
        return signature;
    }

    /// <summary>
    /// The signed signing time of the tax authority's replies: ds:Object Id="SigningTime-…" holding
    /// SignatureProperties/SignatureProperty/SigningTime, and a second Reference to it (no transform: C14N 1.0). The
    /// Object's content is built in the XMLDSig namespace on its own, so its canonical form is the same here and in place
    /// (the document must declare no other namespace prefix on the signature's ancestors).
    /// </summary>
    private static void AddSignedSigningTime(SignedXml signedXml, DateTimeOffset signingTime, bool sha1)
    {
        var objectId = "SigningTime-" + Guid.NewGuid().ToString("N");
        var holder = new XmlDocument { PreserveWhitespace = true };
        var properties = holder.CreateElement("SignatureProperties", XmlDsigAlgorithms.DsigNamespace);
        var property = holder.CreateElement("SignatureProperty", XmlDsigAlgorithms.DsigNamespace);
        property.SetAttribute("Target", "signatureProperties");
        var time = holder.CreateElement("SigningTime", XmlDsigAlgorithms.DsigNamespace);
        time.InnerText = XmlConvert.ToString(signingTime.ToOffset(TimeSpan.FromHours(7)).TruncateToSeconds(), "yyyy-MM-dd'T'HH:mm:sszzz");
        property.AppendChild(time);
        properties.AppendChild(property);
        signedXml.AddObject(new DataObject(objectId, null!, null!, properties));
        signedXml.AddReference(new Reference("#" + objectId) { DigestMethod = sha1 ? XmlDsigAlgorithms.Sha1 : XmlDsigAlgorithms.Sha256 });
    }

    /// <summary>The unsigned signing-time Object: after KeyInfo, outside what the Reference covers (the enveloped-signature
    /// transform removes the whole signature), its property in no namespace as that tool writes it.</summary>
    private static void AppendUnsignedSigningTime(XmlDocument document, XmlElement signature, DateTimeOffset at)
    {
        const string id = "sig";
        signature.SetAttribute("Id", id);
        var obj = document.CreateElement("Object", XmlDsigAlgorithms.DsigNamespace);
        var properties = document.CreateElement("SignatureProperties", "");
        properties.SetAttribute("Id", "prop");
        var property = document.CreateElement("SignatureProperty", "");
        property.SetAttribute("Target", "#" + id);
        var time = document.CreateElement("SigningTime", "");
        time.InnerText = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        property.AppendChild(time);
        properties.AppendChild(property);
        obj.AppendChild(properties);
        signature.AppendChild(obj);
    }

    /// <summary>Removes Signature children of the block (in any namespace, so a placeholder counts) and returns
    /// the node the new signature should go before, so it lands where the old one was.</summary>
    private static XmlNode? RemoveExistingSignatures(XmlDocument document, XmlElement signatureBlock)
    {
        var existing = signatureBlock.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Signature").ToList();
        // DomWalk, not GetElementsByTagName: its list's finalizer would keep every receipt's DOM alive a collection longer.
        var elsewhere = DomWalk.Elements(document, "Signature", XmlDsigAlgorithms.DsigNamespace)
            .Any(s => !ReferenceEquals(s.ParentNode, signatureBlock));
        if (elsewhere)
        {
            throw new InvalidOperationException("The document already holds a ds:Signature outside the signature block.");
        }

        var insertBefore = existing.Count > 0 ? existing[^1].NextSibling : null;
        foreach (var old in existing)
        {
            signatureBlock.RemoveChild(old);
        }

        return insertBefore;
    }

    private static string IdOf(XmlElement signedPart) =>
        IdAttributes.OwnIds(signedPart).FirstOrDefault()
        ?? throw new ArgumentException($"<{signedPart.Name}> has no id attribute to reference; sign the whole document instead.", nameof(signedPart));
}

internal static class DateTimeOffsetSeconds
{
    public static DateTimeOffset TruncateToSeconds(this DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset);
}
