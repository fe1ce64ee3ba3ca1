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
                    if (!point.HasData || !point.PeekTag().HasSameClassAndValue(nameTag))
                    {
                        continue;
                    }

                    var name = point.ReadSequence(nameTag);
                    if (!name.HasData || !name.PeekTag().HasSameClassAndValue(nameTag))
                    {
                        continue;
                    }

                    var generalNames = name.ReadSequence(nameTag);
                    while (generalNames.HasData)
                    {
                        var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
                        if (generalNames.PeekTag().HasSameClassAndValue(uriTag))
                        {
                            uris.Add(generalNames.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                        }
                        else
                        {
                            generalNames.ReadEncodedValue();
                        }
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
