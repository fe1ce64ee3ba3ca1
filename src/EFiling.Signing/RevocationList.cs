using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EFiling.Signing;

/// <summary>
/// A parsed X.509 CRL (RFC 5280 §5). .NET can build CRLs but not read their contents or check their
/// signature, so this decodes CertificateList with System.Formats.Asn1. Parsing never trusts the CRL:
/// <see cref="IsSignedBy"/> must succeed before its entries mean anything.
/// </summary>
public sealed class RevocationList
{
    private const string DeltaCrlIndicatorOid = "2.5.29.27";

    private readonly byte[] _tbs;
    private readonly byte[] _signature;
    private readonly string _signatureAlgorithmOid;
    private readonly Dictionary<BigInteger, DateTimeOffset> _revoked;

    private RevocationList(
        byte[] tbs, byte[] signature, string signatureAlgorithmOid, X500DistinguishedName issuer,
        DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, Dictionary<BigInteger, DateTimeOffset> revoked,
        bool isDelta, string? source)
    {
        _tbs = tbs;
        _signature = signature;
        _signatureAlgorithmOid = signatureAlgorithmOid;
        _revoked = revoked;
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        IsDelta = isDelta;
        Source = source;
    }

    public X500DistinguishedName Issuer { get; }

    public DateTimeOffset ThisUpdate { get; }

    public DateTimeOffset? NextUpdate { get; }

    /// <summary>Delta CRLs only list changes, so they cannot prove a certificate is not revoked.</summary>
    public bool IsDelta { get; }

    /// <summary>Where it was loaded from, for messages.</summary>
    public string? Source { get; }

    public int Count => _revoked.Count;

    /// <summary>Parses one DER-encoded CRL. Throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static RevocationList Parse(ReadOnlySpan<byte> der, string? source = null)
    {
        try
        {
            return Decode(der.ToArray(), source);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            throw new InvalidDataException($"Not a valid X.509 CRL: {source ?? "(bytes)"}: {e.Message}", e);
        }
    }

    /// <summary>Loads every CRL in a folder: <c>*.crl</c> (DER or PEM) and <c>*.pem</c> (any number of
    /// <c>X509 CRL</c> blocks). Unreadable files throw, because a silently skipped CRL is a missed revocation.</summary>
    public static IReadOnlyList<RevocationList> LoadFolder(string folder)
    {
        var lists = new List<RevocationList>();
        var files = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".crl", StringComparison.OrdinalIgnoreCase)
                        || f.EndsWith(".pem", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            lists.AddRange(LoadFile(file));
        }

        return lists;
    }

    /// <summary>Loads the CRLs in one file (DER, or PEM with one or more blocks).</summary>
    public static IReadOnlyList<RevocationList> LoadFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > 0 && bytes[0] == 0x30)
        {
            return [Parse(bytes, path)];
        }

        var text = Encoding.ASCII.GetString(bytes);
        var lists = new List<RevocationList>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("X509 CRL"))
            {
                lists.Add(Parse(Convert.FromBase64String(rest[fields.Base64Data].ToString()), path));
            }

            rest = rest[fields.Location.End..];
        }

        if (lists.Count == 0)
        {
            throw new InvalidDataException($"No CRL found in {path}.");
        }

        return lists;
    }

    public bool IsIssuedBy(X509Certificate2 issuer) =>
        Issuer.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData)
        || string.Equals(Issuer.Name, issuer.SubjectName.Name, StringComparison.Ordinal);

    /// <summary>True when the CRL's signature verifies with the issuer certificate's public key.</summary>
    public bool IsSignedBy(X509Certificate2 issuer)
    {
        if (!IsIssuedBy(issuer))
        {
            return false;
        }

        return SignedDataCheck.Verify(issuer, _signatureAlgorithmOid, _tbs, _signature);
    }

    /// <summary>When the certificate with this serial number was revoked, if it is listed. The serial is the
    /// DER INTEGER content (<see cref="X509Certificate2.SerialNumberBytes"/>); both sides are read as signed
    /// numbers so leading zero bytes do not matter.</summary>
    public bool TryGetRevocation(ReadOnlySpan<byte> serialNumberBigEndian, out DateTimeOffset revokedAt) =>
        _revoked.TryGetValue(new BigInteger(serialNumberBigEndian, isUnsigned: false, isBigEndian: true), out revokedAt);

    private static RevocationList Decode(byte[] der, string? source)
    {
        // CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING }
        var outer = new AsnReader(der, AsnEncodingRules.DER);
        var certificateList = outer.ReadSequence();
        outer.ThrowIfNotEmpty();

        var tbsBytes = certificateList.ReadEncodedValue().ToArray();
        var algorithm = certificateList.ReadSequence();
        var signatureOid = algorithm.ReadObjectIdentifier();
        var signature = certificateList.ReadBitString(out _);
        certificateList.ThrowIfNotEmpty();

        var tbs = new AsnReader(tbsBytes, AsnEncodingRules.DER).ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            tbs.ReadInteger(); // version v2
        }

        tbs.ReadSequence(); // signature AlgorithmIdentifier (must equal the outer one; the outer one is what we verify)
        var issuer = new X500DistinguishedName(tbs.ReadEncodedValue().Span);
        var thisUpdate = ReadTime(tbs);
        DateTimeOffset? nextUpdate = null;
        if (tbs.HasData && IsTime(tbs.PeekTag()))
        {
            nextUpdate = ReadTime(tbs);
        }

        var revoked = new Dictionary<BigInteger, DateTimeOffset>();
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var entries = tbs.ReadSequence();
            while (entries.HasData)
            {
                var entry = entries.ReadSequence();
                var serial = entry.ReadIntegerBytes().Span;
                var revokedAt = ReadTime(entry);
                revoked[new BigInteger(serial, isUnsigned: false, isBigEndian: true)] = revokedAt;
            }
        }

        var isDelta = false;
        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 0);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(extensionsTag))
        {
            var extensions = tbs.ReadSequence(extensionsTag).ReadSequence();
            while (extensions.HasData)
            {
                var extension = extensions.ReadSequence();
                isDelta |= extension.ReadObjectIdentifier() == DeltaCrlIndicatorOid;
            }
        }

        return new RevocationList(tbsBytes, signature, signatureOid, issuer, thisUpdate, nextUpdate, revoked, isDelta, source);
    }

    private static bool IsTime(Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}
