using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>Checks a signature over DER bytes (a CRL's, an OCSP response's or a certificate's to-be-signed part)
/// with a certificate's public key, for the algorithms X.509 documents use here.</summary>
internal static class SignedDataCheck
{
    public static bool Verify(X509Certificate2 signer, string signatureAlgorithmOid, byte[] data, byte[] signature)
    {
        try
        {
            return signatureAlgorithmOid switch
            {
                "1.2.840.113549.1.1.5" => Rsa(signer, data, signature, HashAlgorithmName.SHA1),
                "1.2.840.113549.1.1.11" => Rsa(signer, data, signature, HashAlgorithmName.SHA256),
                "1.2.840.113549.1.1.12" => Rsa(signer, data, signature, HashAlgorithmName.SHA384),
                "1.2.840.113549.1.1.13" => Rsa(signer, data, signature, HashAlgorithmName.SHA512),
                "1.2.840.10045.4.3.2" => Ecdsa(signer, data, signature, HashAlgorithmName.SHA256),
                "1.2.840.10045.4.3.3" => Ecdsa(signer, data, signature, HashAlgorithmName.SHA384),
                "1.2.840.10045.4.3.4" => Ecdsa(signer, data, signature, HashAlgorithmName.SHA512),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="certificate"/> is signed by <paramref name="issuer"/>'s key and names it as issuer.</summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData))
        {
            return false;
        }

        try
        {
            // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
            var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            var tbs = outer.ReadEncodedValue().ToArray();
            var oid = outer.ReadSequence().ReadObjectIdentifier();
            var signature = outer.ReadBitString(out _);
            return Verify(issuer, oid, tbs, signature);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static bool Rsa(X509Certificate2 signer, byte[] data, byte[] signature, HashAlgorithmName hash)
    {
        using var rsa = signer.GetRSAPublicKey();
        return rsa is not null && rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
    }

    private static bool Ecdsa(X509Certificate2 signer, byte[] data, byte[] signature, HashAlgorithmName hash)
    {
        using var ecdsa = signer.GetECDsaPublicKey();
        return ecdsa is not null && ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }
}
