using System.Formats.Asn1;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EFiling.Signing;

/// <summary>
/// A parsed X.509 CRL (RFC 5280 §5). .NET can build CRLs but not read their contents or check their
/// signature, so this decodes CertificateList with System.Formats.Asn1. Parsing never trusts the CRL:
/// <see cref="IsSignedBy"/> must succeed before its entries mean anything, and a CRL that carries something this
/// reader does not support (<see cref="Unsupported"/>) must not be used at all (RFC 5280 §5.2, §5.3). Which CRLs
/// speak for which certificate is <see cref="CrlDecision"/>'s.
/// </summary>
public sealed class RevocationList
{
    private const string AuthorityKeyIdentifierOid = "2.5.29.35";
    private const string IssuerAltNameOid = "2.5.29.18";
    private const string CrlNumberOid = "2.5.29.20";
    private const string DeltaCrlIndicatorOid = "2.5.29.27";
    private const string IssuingDistributionPointOid = "2.5.29.28";
    private const string FreshestCrlOid = "2.5.29.46";
    private const string AuthorityInfoAccessOid = "1.3.6.1.5.5.7.1.1";
    private const string ReasonCodeOid = "2.5.29.21";
    private const string InvalidityDateOid = "2.5.29.24";
    private const string CertificateIssuerOid = "2.5.29.29";

    private readonly byte[] _tbs;
    private readonly byte[] _signature;
    private readonly string _signatureAlgorithmOid;
    private readonly Dictionary<BigInteger, RevocationEntry> _revoked;

    private RevocationList(byte[] tbs, byte[] signature, string signatureAlgorithmOid, Dictionary<BigInteger, RevocationEntry> revoked)
    {
        _tbs = tbs;
        _signature = signature;
        _signatureAlgorithmOid = signatureAlgorithmOid;
        _revoked = revoked;
    }

    public required X500DistinguishedName Issuer { get; init; }

    public required DateTimeOffset ThisUpdate { get; init; }

    public DateTimeOffset? NextUpdate { get; init; }

    /// <summary>The CRL number (§5.2.3), increasing with each CRL of one scope; null when the CRL has none.</summary>
    public BigInteger? Number { get; init; }

    /// <summary>For a delta CRL (§5.2.4), the CRL number of the complete CRL it updates; null for a complete CRL.</summary>
    public BigInteger? BaseNumber { get; init; }

    /// <summary>A delta CRL lists only changes since its base: it never proves by itself that a certificate is not revoked.</summary>
    public bool IsDelta => BaseNumber is not null;

    /// <summary>The issuing distribution point (§5.2.5): which certificates and reasons this CRL covers; null: all of them.</summary>
    public CrlScope? Scope { get; init; }

    /// <summary>Where the issuer publishes delta CRLs for this one (freshest CRL, §5.2.6); informational, not fetched.</summary>
    public IReadOnlyList<string> FreshestCrlUris { get; init; } = [];

    /// <summary>The key identifier of the authority key identifier extension, when present.</summary>
    public byte[]? AuthorityKeyId { get; init; }

    /// <summary>Why this CRL cannot be used (an unsupported critical extension, an indirect CRL, …), or null.</summary>
    public string? Unsupported { get; init; }

    /// <summary>Where it was loaded from, for messages.</summary>
    public string? Source { get; init; }

    public int Count => _revoked.Count;

    /// <summary>Parses one DER-encoded CRL. Throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static RevocationList Parse(ReadOnlySpan<byte> der, string? source = null)
    {
        try
        {
            return Decode(der.ToArray(), source);
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException)
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

    /// <summary>The CRL names <paramref name="issuer"/> as its issuer, and its authority key identifier, if it has one, is
    /// the issuer's subject key identifier (a CA that renewed its key signs CRLs with each key).</summary>
    public bool IsIssuedBy(X509Certificate2 issuer)
    {
        var named = Issuer.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData)
                    || string.Equals(Issuer.Name, issuer.SubjectName.Name, StringComparison.Ordinal);
        if (!named || AuthorityKeyId is null)
        {
            return named;
        }

        var subjectKeyId = issuer.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes;
        return subjectKeyId is not { } ski || ski.Span.SequenceEqual(AuthorityKeyId);
    }

    /// <summary>True when the CRL's signature verifies with the issuer certificate's public key.</summary>
    public bool IsSignedBy(X509Certificate2 issuer)
    {
        if (!IsIssuedBy(issuer))
        {
            return false;
        }

        // Once per issuer certificate object: the CRL is immutable, and cached chains hand out the same issuer every filing.
        return _signatureChecks.GetValue(issuer, i =>
        {
            Interlocked.Increment(ref _signatureVerifications);
            return new StrongBox<bool>(SignedDataCheck.Verify(i, _signatureAlgorithmOid, _tbs, _signature));
        }).Value;
    }

    private readonly ConditionalWeakTable<X509Certificate2, StrongBox<bool>> _signatureChecks = new();
    private long _signatureVerifications;

    /// <summary>How many times the signature was really verified (not answered from the per-issuer memo), for tests.</summary>
    internal long SignatureVerifications => Interlocked.Read(ref _signatureVerifications);

    /// <summary>The entry of the certificate with this serial number, if it is listed. The serial is the DER INTEGER
    /// content (<see cref="X509Certificate2.SerialNumberBytes"/>); both sides are read as signed numbers so leading
    /// zero bytes do not matter.</summary>
    public bool TryGetEntry(ReadOnlySpan<byte> serialNumberBigEndian, out RevocationEntry entry) =>
        _revoked.TryGetValue(new BigInteger(serialNumberBigEndian, isUnsigned: false, isBigEndian: true), out entry);

    /// <summary>When the certificate with this serial number was revoked, if it is listed (whatever the reason).</summary>
    public bool TryGetRevocation(ReadOnlySpan<byte> serialNumberBigEndian, out DateTimeOffset revokedAt)
    {
        var listed = TryGetEntry(serialNumberBigEndian, out var entry);
        revokedAt = entry.RevokedAt;
        return listed;
    }

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

        var unsupported = new List<string>();
        var revoked = new Dictionary<BigInteger, RevocationEntry>();
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var entries = tbs.ReadSequence();
            while (entries.HasData)
            {
                var entry = entries.ReadSequence();
                var serial = new BigInteger(entry.ReadIntegerBytes().Span, isUnsigned: false, isBigEndian: true);
                var revokedAt = ReadTime(entry);
                X509RevocationReason? reason = null;
                foreach (var (oid, critical, value) in ReadExtensions(entry))
                {
                    switch (oid)
                    {
                        case ReasonCodeOid:
                            reason = new AsnReader(value, AsnEncodingRules.DER).ReadEnumeratedValue<X509RevocationReason>();
                            break;
                        case InvalidityDateOid:
                            break; // when the key is suspected compromised; the revocation date is what counts here
                        case CertificateIssuerOid:
                            // Only indirect CRLs (entries for another CA's certificates) carry it: not supported.
                            unsupported.Add("an entry names another certificate issuer (indirect CRL)");
                            break;
                        default:
                            if (critical) unsupported.Add($"unsupported critical entry extension {oid}");
                            break;
                    }
                }

                revoked[serial] = new RevocationEntry(revokedAt, reason);
            }
        }

        BigInteger? number = null, baseNumber = null;
        CrlScope? scope = null;
        byte[]? authorityKeyId = null;
        IReadOnlyList<string> freshest = [];
        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 0);
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(extensionsTag))
        {
            foreach (var (oid, critical, value) in ReadExtensions(tbs.ReadSequence(extensionsTag)))
            {
                switch (oid)
                {
                    case CrlNumberOid:
                        number = new AsnReader(value, AsnEncodingRules.DER).ReadInteger();
                        break;
                    case DeltaCrlIndicatorOid:
                        baseNumber = new AsnReader(value, AsnEncodingRules.DER).ReadInteger();
                        break;
                    case IssuingDistributionPointOid:
                        scope = CrlScope.Read(value);
                        if (scope.Unsupported is { } why) unsupported.Add(why);
                        break;
                    case FreshestCrlOid:
                        freshest = ReadFreshest(value);
                        break;
                    case AuthorityKeyIdentifierOid:
                        authorityKeyId = new X509AuthorityKeyIdentifierExtension(value, critical).KeyIdentifier?.ToArray();
                        break;
                    case IssuerAltNameOid:
                    case AuthorityInfoAccessOid:
                        break;
                    default:
                        if (critical) unsupported.Add($"unsupported critical extension {oid}");
                        break;
                }
            }
        }

        return new RevocationList(tbsBytes, signature, signatureOid, revoked)
        {
            Issuer = issuer,
            ThisUpdate = thisUpdate,
            NextUpdate = nextUpdate,
            Number = number,
            BaseNumber = baseNumber,
            Scope = scope,
            FreshestCrlUris = freshest,
            AuthorityKeyId = authorityKeyId,
            Unsupported = unsupported.Count == 0 ? null : string.Join("; ", unsupported.Distinct()),
            Source = source,
        };
    }

    /// <summary>Extensions ::= SEQUENCE OF Extension { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING },
    /// when the reader holds one more value.</summary>
    private static IEnumerable<(string Oid, bool Critical, byte[] Value)> ReadExtensions(AsnReader reader)
    {
        if (!reader.HasData)
        {
            yield break;
        }

        var extensions = reader.ReadSequence();
        while (extensions.HasData)
        {
            var extension = extensions.ReadSequence();
            var oid = extension.ReadObjectIdentifier();
            var critical = extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
            yield return (oid, critical, extension.ReadOctetString());
        }
    }

    /// <summary>FreshestCRL has the syntax of CRLDistributionPoints.</summary>
    private static List<string> ReadFreshest(byte[] value)
    {
        var uris = new List<string>();
        var points = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
        var nameTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        while (points.HasData)
        {
            var point = points.ReadSequence();
            if (point.HasData && point.PeekTag().HasSameClassAndValue(nameTag))
            {
                uris.AddRange(CertificateRevocationPointers.ReadDistributionPointName(point.ReadSequence(nameTag), out _));
            }
        }

        return uris;
    }

    private static bool IsTime(Asn1Tag tag) =>
        tag.HasSameClassAndValue(Asn1Tag.UtcTime) || tag.HasSameClassAndValue(Asn1Tag.GeneralizedTime);

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime() : reader.ReadGeneralizedTime();
}

/// <summary>One revoked certificate: since when, and why (the reason code entry extension, when present).</summary>
public readonly record struct RevocationEntry(DateTimeOffset RevokedAt, X509RevocationReason? Reason)
{
    /// <summary>certificateHold is a suspension a later CRL may lift; removeFromCRL (in a delta CRL) lifts it.</summary>
    public bool IsHoldOrRelease => Reason is X509RevocationReason.CertificateHold or X509RevocationReason.RemoveFromCrl;
}

/// <summary>
/// A CRL's issuing distribution point (RFC 5280 §5.2.5): it says the CRL covers only the certificates that name
/// one of <see cref="Uris"/> as their CRL distribution point, only end-entity or only CA certificates, or only some
/// revocation reasons. <see cref="Unsupported"/> is set for what is not supported here: indirect CRLs, attribute
/// certificates, and a distribution point named other than by URI.
/// </summary>
public sealed class CrlScope
{
    private readonly byte[] _der;

    private CrlScope(byte[] der) => _der = der;

    /// <summary>The distribution point's URIs; empty when the extension names no distribution point.</summary>
    public IReadOnlyList<string> Uris { get; private init; } = [];

    public bool OnlyUserCertificates { get; private init; }

    public bool OnlyCaCertificates { get; private init; }

    /// <summary>The CRL lists only some revocation reasons: it can revoke, never show a certificate is not revoked.</summary>
    public bool OnlySomeReasons { get; private init; }

    public string? Unsupported { get; private init; }

    /// <summary>Same extension value: a delta CRL must have its base's scope exactly (§5.2.4).</summary>
    public static bool Same(CrlScope? a, CrlScope? b) =>
        a is null || b is null ? a is null && b is null : a._der.AsSpan().SequenceEqual(b._der);

    internal static CrlScope Read(byte[] value)
    {
        // IssuingDistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL,
        //   onlyContainsUserCerts [1] BOOLEAN DEFAULT FALSE, onlyContainsCACerts [2] BOOLEAN DEFAULT FALSE,
        //   onlySomeReasons [3] ReasonFlags OPTIONAL, indirectCRL [4] BOOLEAN DEFAULT FALSE,
        //   onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
        var idp = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
        List<string> uris = [];
        var otherNames = false;
        bool user = false, ca = false, someReasons = false, indirect = false, attributes = false;
        while (idp.HasData)
        {
            var tag = idp.PeekTag();
            if (tag.TagClass != TagClass.ContextSpecific)
            {
                throw new AsnContentException("Unexpected field in the issuing distribution point.");
            }

            switch (tag.TagValue)
            {
                case 0:
                    uris = CertificateRevocationPointers.ReadDistributionPointName(idp.ReadSequence(tag), out otherNames);
                    break;
                case 1: user = idp.ReadBoolean(tag); break;
                case 2: ca = idp.ReadBoolean(tag); break;
                case 3: idp.ReadBitString(out _, tag); someReasons = true; break;
                case 4: indirect = idp.ReadBoolean(tag); break;
                case 5: attributes = idp.ReadBoolean(tag); break;
                default: throw new AsnContentException($"Unknown field [{tag.TagValue}] in the issuing distribution point.");
            }
        }

        string? unsupported = null;
        if (indirect) unsupported = "indirect CRL";
        else if (attributes) unsupported = "a CRL of attribute certificates";
        else if (otherNames && uris.Count == 0) unsupported = "its distribution point is not named by a URI";

        return new CrlScope(value)
        {
            Uris = uris,
            OnlyUserCertificates = user,
            OnlyCaCertificates = ca,
            OnlySomeReasons = someReasons,
            Unsupported = unsupported,
        };
    }
}
