using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing.Tests.Support;

/// <summary>One revoked certificate of a <see cref="TestCrl"/>: its serial, date, reason and any other entry extensions.</summary>
public sealed record TestCrlEntry(
    X509Certificate2 Certificate, DateTimeOffset RevokedAt, X509RevocationReason? Reason = null, X509Extension[]? Extensions = null);

/// <summary>
/// Writes CRLs with whatever extensions a test needs (CertificateRevocationListBuilder only writes the CRL number
/// and the authority key identifier): a TBSCertList encoded with AsnWriter (RFC 5280 §5.1) and signed with the
/// issuer's RSA key, SHA-256.
/// </summary>
public static class TestCrl
{
    private const string Sha256WithRsa = "1.2.840.113549.1.1.11";

    public static RevocationList Parse(byte[] der) => RevocationList.Parse(der);

    public static byte[] Build(
        X509Certificate2 issuer, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate,
        IEnumerable<TestCrlEntry>? entries = null, IEnumerable<X509Extension>? extensions = null)
    {
        var tbs = new AsnWriter(AsnEncodingRules.DER);
        using (tbs.PushSequence())
        {
            tbs.WriteInteger(1); // v2
            WriteAlgorithm(tbs);
            tbs.WriteEncodedValue(issuer.SubjectName.RawData);
            WriteTime(tbs, thisUpdate);
            if (nextUpdate is { } next) WriteTime(tbs, next);

            var list = entries?.ToList() ?? [];
            if (list.Count > 0)
            {
                using (tbs.PushSequence())
                {
                    foreach (var entry in list)
                    {
                        using (tbs.PushSequence())
                        {
                            tbs.WriteIntegerUnsigned(entry.Certificate.SerialNumberBytes.Span);
                            WriteTime(tbs, entry.RevokedAt);
                            var entryExtensions = new List<X509Extension>();
                            if (entry.Reason is { } reason) entryExtensions.Add(ReasonCode(reason));
                            entryExtensions.AddRange(entry.Extensions ?? []);
                            if (entryExtensions.Count > 0) WriteExtensions(tbs, entryExtensions);
                        }
                    }
                }
            }

            var crlExtensions = extensions?.ToList() ?? [];
            if (crlExtensions.Count > 0)
            {
                using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    WriteExtensions(tbs, crlExtensions);
                }
            }
        }

        var tbsBytes = tbs.Encode();
        using var key = issuer.GetRSAPrivateKey() ?? throw new InvalidOperationException("The issuer needs its RSA private key.");
        var signature = key.SignData(tbsBytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var crl = new AsnWriter(AsnEncodingRules.DER);
        using (crl.PushSequence())
        {
            crl.WriteEncodedValue(tbsBytes);
            WriteAlgorithm(crl);
            crl.WriteBitString(signature);
        }

        return crl.Encode();
    }

    public static X509Extension CrlNumber(BigInteger number) => Extension("2.5.29.20", false, w => w.WriteInteger(number));

    /// <summary>Delta CRL indicator (critical, RFC 5280 §5.2.4): the CRL number of the base it applies to.</summary>
    public static X509Extension DeltaOf(BigInteger baseNumber) => Extension("2.5.29.27", true, w => w.WriteInteger(baseNumber));

    /// <summary>Issuing distribution point (critical, RFC 5280 §5.2.5).</summary>
    public static X509Extension IssuingDistributionPoint(
        string? uri = null, bool onlyUserCerts = false, bool onlyCaCerts = false, bool onlyKeyCompromise = false,
        bool indirect = false) =>
        Extension("2.5.29.28", true, w =>
        {
            using (w.PushSequence())
            {
                if (uri is not null)
                {
                    using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        w.WriteCharacterString(UniversalTagNumber.IA5String, uri, new Asn1Tag(TagClass.ContextSpecific, 6));
                    }
                }

                if (onlyUserCerts) w.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, 1));
                if (onlyCaCerts) w.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, 2));
                if (onlyKeyCompromise)
                {
                    // onlySomeReasons: ReasonFlags with bit 1 (keyCompromise) set, bits 2–7 unused.
                    w.WriteBitString([0x40], unusedBitCount: 6, new Asn1Tag(TagClass.ContextSpecific, 3));
                }

                if (indirect) w.WriteBoolean(true, new Asn1Tag(TagClass.ContextSpecific, 4));
            }
        });

    /// <summary>Certificate issuer entry extension (critical, RFC 5280 §5.3.3): only indirect CRLs carry it.</summary>
    public static X509Extension CertificateIssuer(X500DistinguishedName issuer) =>
        Extension("2.5.29.29", true, w =>
        {
            using (w.PushSequence())
            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
            {
                w.WriteEncodedValue(issuer.RawData);
            }
        });

    public static X509Extension Unknown(bool critical) => Extension("1.3.6.1.4.1.99999.7", critical, w => w.WriteNull());

    private static X509Extension ReasonCode(X509RevocationReason reason) =>
        Extension("2.5.29.21", false, w => w.WriteEnumeratedValue(reason));

    private static X509Extension Extension(string oid, bool critical, Action<AsnWriter> value)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        value(writer);
        return new X509Extension(oid, writer.Encode(), critical);
    }

    private static void WriteExtensions(AsnWriter writer, IEnumerable<X509Extension> extensions)
    {
        using (writer.PushSequence())
        {
            foreach (var extension in extensions)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(extension.Oid!.Value!);
                    if (extension.Critical) writer.WriteBoolean(true);
                    writer.WriteOctetString(extension.RawData);
                }
            }
        }
    }

    private static void WriteAlgorithm(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Sha256WithRsa);
            writer.WriteNull();
        }
    }

    private static void WriteTime(AsnWriter writer, DateTimeOffset time)
    {
        if (time.UtcDateTime.Year < 2050) writer.WriteUtcTime(time);
        else writer.WriteGeneralizedTime(time, omitFractionalSeconds: true);
    }
}
