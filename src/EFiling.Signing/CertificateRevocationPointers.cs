using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>Where a certificate says its revocation is published: the URIs of its CRL distribution points
/// (RFC 5280 §4.2.1.13) and the OCSP responders in its authority information access (§4.2.2.1). Any scheme is
/// returned; the caller decides what it fetches.</summary>
internal static class CertificateRevocationPointers
{
    private const string CrlDistributionPointsOid = "2.5.29.31";
    private const string AuthorityInfoAccessOid = "1.3.6.1.5.5.7.1.1";

    public static IReadOnlyList<string> CrlUris(X509Certificate2 certificate)
    {
        var uris = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != CrlDistributionPointsOid)
            {
                continue;
            }

            try
            {
                // CRLDistributionPoints ::= SEQUENCE OF DistributionPoint
                // DistributionPoint ::= SEQUENCE { distributionPoint [0] EXPLICIT DistributionPointName OPTIONAL, reasons [1], cRLIssuer [2] }
                // DistributionPointName ::= CHOICE { fullName [0] IMPLICIT GeneralNames, nameRelativeToCRLIssuer [1] }
                var points = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (points.HasData)
                {
                    var point = points.ReadSequence();
                    var nameTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
                    if (point.HasData && point.PeekTag().HasSameClassAndValue(nameTag))
                    {
                        uris.AddRange(ReadDistributionPointName(point.ReadSequence(nameTag), out _));
                    }
                }
            }
            catch (AsnContentException)
            {
                // A malformed extension points nowhere.
            }
        }

        return uris;
    }

    /// <summary>The URIs of a DistributionPointName (the content of its <c>[0]</c> wrapper), as CRL distribution points
    /// and a CRL's issuing distribution point write it. <paramref name="otherNames"/>: it also names the point some other
    /// way (a directory name, a name relative to the CRL issuer), which nothing here resolves.</summary>
    internal static List<string> ReadDistributionPointName(AsnReader name, out bool otherNames)
    {
        // DistributionPointName ::= CHOICE { fullName [0] IMPLICIT GeneralNames, nameRelativeToCRLIssuer [1] }
        var uris = new List<string>();
        otherNames = false;
        var fullNameTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (!name.HasData || !name.PeekTag().HasSameClassAndValue(fullNameTag))
        {
            otherNames = name.HasData;
            return uris;
        }

        var generalNames = name.ReadSequence(fullNameTag);
        var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
        while (generalNames.HasData)
        {
            if (generalNames.PeekTag().HasSameClassAndValue(uriTag))
            {
                uris.Add(generalNames.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
            }
            else
            {
                otherNames = true;
                generalNames.ReadEncodedValue();
            }
        }

        return uris;
    }

    public static IReadOnlyList<string> OcspUris(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != AuthorityInfoAccessOid)
            {
                continue;
            }

            try
            {
                var aia = extension as X509AuthorityInformationAccessExtension
                          ?? new X509AuthorityInformationAccessExtension(extension.RawData, extension.Critical);
                return aia.EnumerateOcspUris().ToList();
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or AsnContentException)
            {
                return [];
            }
        }

        return [];
    }
}
