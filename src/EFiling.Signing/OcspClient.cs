using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

internal enum OcspCertStatus
{
    Good,
    Revoked,
    Unknown,
}

/// <summary>What a verified OCSP response says about one certificate.</summary>
internal sealed record OcspAnswer(OcspCertStatus Status, DateTimeOffset? RevokedAt, DateTimeOffset ThisUpdate, DateTimeOffset? NextUpdate);

/// <summary>
/// OCSP (RFC 6960) without a .NET API for it: builds the request and reads the basic response with
/// System.Formats.Asn1. A response counts only when it is signed by the certificate's issuer, or by a responder
/// certificate the issuer issued for id-kp-OCSPSigning, and answers for exactly the certificate asked about
/// (the CertID: issuer name hash, issuer key hash, serial number). No nonce is sent, so answers can be cached
/// until their nextUpdate; freshness comes from thisUpdate/nextUpdate, checked by the caller.
/// </summary>
internal static class OcspClient
{
    private const string Sha1Oid = "1.3.14.3.2.26";
    private const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    private const string BasicResponseOid = "1.3.6.1.5.5.7.48.1.1";
    private const string OcspSigningOid = "1.3.6.1.5.5.7.3.9";
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    /// <summary>The SHA-1 of the issuer's subjectPublicKey bits, the CertID's issuerKeyHash (also the cache key).</summary>
    public static byte[] IssuerKeyHash(X509Certificate2 issuer) => SHA1.HashData(issuer.PublicKey.EncodedKeyValue.RawData);

    public static byte[] BuildRequest(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        // OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest }; TBSRequest ::= SEQUENCE { requestList SEQUENCE OF Request }
        // Request ::= SEQUENCE { reqCert CertID }
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            WriteCertId(writer, certificate, issuer);
        }

        return writer.Encode();
    }

    /// <summary>Reads and checks a response; null with <paramref name="error"/> when it cannot be relied on.</summary>
    public static OcspAnswer? Read(byte[] der, X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset now, out string? error)
    {
        try
        {
            return ReadCore(der, certificate, issuer, now, out error);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException)
        {
            error = $"the OCSP response is malformed ({e.Message})";
            return null;
        }
    }

    private static OcspAnswer? ReadCore(byte[] der, X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset now, out string? error)
    {
        // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var response = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var status = response.ReadEnumeratedBytes().Span;
        if (status.Length != 1 || status[0] != 0)
        {
            error = $"the OCSP responder answered status {(status.Length == 1 ? status[0] : -1)} (not successful)";
            return null;
        }

        var responseBytes = response.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        if (responseBytes.ReadObjectIdentifier() != BasicResponseOid)
        {
            error = "the OCSP response is not a basic response";
            return null;
        }

        // BasicOCSPResponse ::= SEQUENCE { tbsResponseData, signatureAlgorithm, signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
        var basic = new AsnReader(responseBytes.ReadOctetString(), AsnEncodingRules.DER).ReadSequence();
        var tbs = basic.ReadEncodedValue().ToArray();
        var signatureOid = basic.ReadSequence().ReadObjectIdentifier();
        var signature = basic.ReadBitString(out _);
        var certs = new List<X509Certificate2>();
        try
        {
            if (basic.HasData)
            {
                var list = basic.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
                while (list.HasData)
                {
                    certs.Add(X509CertificateLoader.LoadCertificate(list.ReadEncodedValue().Span));
                }
            }

            var data = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
            if (data.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                data.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)); // version v1
            }

            var responderTag = data.PeekTag();
            var responderId = data.ReadEncodedValue().ToArray();
            var producedAt = data.ReadGeneralizedTime();

            if (FindSigner(responderTag, responderId, issuer, certs, tbs, signatureOid, signature, producedAt, now, out error) is null)
            {
                return null;
            }

            var responses = data.ReadSequence();
            while (responses.HasData)
            {
                var single = responses.ReadSequence();
                var certId = single.ReadSequence();
                var matches = MatchesCertId(certId, certificate, issuer);
                var statusTag = single.PeekTag();
                OcspCertStatus certStatus;
                DateTimeOffset? revokedAt = null;
                if (statusTag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
                {
                    single.ReadNull(new Asn1Tag(TagClass.ContextSpecific, 0));
                    certStatus = OcspCertStatus.Good;
                }
                else if (statusTag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                {
                    var revoked = single.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true));
                    revokedAt = revoked.ReadGeneralizedTime();
                    certStatus = OcspCertStatus.Revoked;
                }
                else
                {
                    single.ReadEncodedValue();
                    certStatus = OcspCertStatus.Unknown;
                }

                var thisUpdate = single.ReadGeneralizedTime();
                DateTimeOffset? nextUpdate = null;
                if (single.HasData && single.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    nextUpdate = single.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadGeneralizedTime();
                }

                if (!matches)
                {
                    continue;
                }

                if (thisUpdate > now + Skew)
                {
                    error = $"the OCSP response's thisUpdate {thisUpdate:u} is in the future";
                    return null;
                }

                return new OcspAnswer(certStatus, revokedAt, thisUpdate, nextUpdate);
            }

            error = "the OCSP response does not answer for this certificate";
            return null;
        }
        finally
        {
            foreach (var c in certs)
            {
                c.Dispose();
            }
        }
    }

    /// <summary>The issuer itself, or a delegated responder: issued by the issuer, id-kp-OCSPSigning, valid when the
    /// response was produced. Either way named by the responderID and verifying the signature.</summary>
    private static X509Certificate2? FindSigner(
        Asn1Tag responderTag, byte[] responderId, X509Certificate2 issuer, List<X509Certificate2> certs,
        byte[] tbs, string signatureOid, byte[] signature, DateTimeOffset producedAt, DateTimeOffset now, out string? error)
    {
        error = null;
        foreach (var candidate in certs.Prepend(issuer))
        {
            if (!IsNamedBy(responderTag, responderId, candidate) || !SignedDataCheck.Verify(candidate, signatureOid, tbs, signature))
            {
                continue;
            }

            if (ReferenceEquals(candidate, issuer) || candidate.RawData.AsSpan().SequenceEqual(issuer.RawData))
            {
                return candidate;
            }

            // RFC 6960 §4.2.2.2: a delegated responder's certificate is issued directly by the CA that issued the
            // certificate in question and carries id-kp-OCSPSigning. Its own revocation is not checked
            // (responder certificates are short-lived and usually carry id-pkix-ocsp-nocheck).
            if (!SignedDataCheck.IsIssuedBy(candidate, issuer))
            {
                error = $"the OCSP response is signed by \"{candidate.Subject}\", which \"{issuer.Subject}\" did not issue";
                continue;
            }

            var eku = candidate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
            if (eku is null || !eku.EnhancedKeyUsages.OfType<Oid>().Any(o => o.Value == OcspSigningOid))
            {
                error = $"the OCSP responder certificate \"{candidate.Subject}\" is not authorised for OCSP signing (no id-kp-OCSPSigning)";
                continue;
            }

            var notBefore = new DateTimeOffset(candidate.NotBefore.ToUniversalTime());
            var notAfter = new DateTimeOffset(candidate.NotAfter.ToUniversalTime());
            if (producedAt < notBefore - Skew || producedAt > notAfter)
            {
                error = $"the OCSP responder certificate \"{candidate.Subject}\" was not valid when the response was produced";
                continue;
            }

            return candidate;
        }

        error ??= "the OCSP response's signature does not verify with the issuer or a responder certificate it issued";
        return null;
    }

    private static bool IsNamedBy(Asn1Tag tag, byte[] responderId, X509Certificate2 candidate)
    {
        var reader = new AsnReader(responderId, AsnEncodingRules.DER);
        if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
        {
            var name = reader.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)).ReadEncodedValue();
            return name.Span.SequenceEqual(candidate.SubjectName.RawData);
        }

        if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
        {
            var keyHash = reader.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)).ReadOctetString();
            return keyHash.AsSpan().SequenceEqual(IssuerKeyHash(candidate));
        }

        return false;
    }

    private static void WriteCertId(AsnWriter writer, X509Certificate2 certificate, X509Certificate2 issuer)
    {
        // CertID ::= SEQUENCE { hashAlgorithm, issuerNameHash OCTET STRING, issuerKeyHash OCTET STRING, serialNumber INTEGER }
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Sha1Oid);
                writer.WriteNull();
            }

            writer.WriteOctetString(SHA1.HashData(issuer.SubjectName.RawData));
            writer.WriteOctetString(IssuerKeyHash(issuer));
            writer.WriteInteger(certificate.SerialNumberBytes.Span);
        }
    }

    private static bool MatchesCertId(AsnReader certId, X509Certificate2 certificate, X509Certificate2 issuer)
    {
        var algorithm = certId.ReadSequence().ReadObjectIdentifier();
        var nameHash = certId.ReadOctetString();
        var keyHash = certId.ReadOctetString();
        var serial = certId.ReadIntegerBytes();
        Func<byte[], byte[]>? hash = algorithm switch
        {
            Sha1Oid => SHA1.HashData,
            Sha256Oid => SHA256.HashData,
            _ => null,
        };
        return hash is not null
               && nameHash.AsSpan().SequenceEqual(hash(issuer.SubjectName.RawData))
               && keyHash.AsSpan().SequenceEqual(hash(issuer.PublicKey.EncodedKeyValue.RawData))
               && new BigInteger(serial.Span, isUnsigned: false, isBigEndian: true)
               == new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true);
    }
}
