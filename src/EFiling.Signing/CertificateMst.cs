using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>
/// Reads the taxpayer's MST from a certificate subject. Vietnamese CAs put it in the UID attribute
/// (OID 0.9.2342.19200300.100.1.1) as <c>MST:0100109106</c>; other UID values (CMND:, CCCD:, …) identify people.
/// </summary>
public static class CertificateMst
{
    public const string UidOid = "0.9.2342.19200300.100.1.1";
    private const string Prefix = "MST:";

    /// <summary>The distinct MST values in the subject (normally exactly one).</summary>
    public static IReadOnlyList<string> ReadAll(X500DistinguishedName subject)
    {
        var values = new List<string>();
        foreach (var uid in ReadAttributeStrings(subject, UidOid))
        {
            var trimmed = uid.Trim();
            if (trimmed.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                var mst = trimmed[Prefix.Length..].Trim();
                if (mst.Length > 0 && !values.Contains(mst, StringComparer.Ordinal))
                {
                    values.Add(mst);
                }
            }
        }

        return values;
    }

    /// <summary>The MST when the subject carries exactly one, else null.</summary>
    public static string? Read(X509Certificate2 certificate)
    {
        var all = ReadAll(certificate.SubjectName);
        return all.Count == 1 ? all[0] : null;
    }

    // Walks Name ::= SEQUENCE OF SET OF AttributeTypeAndValue directly, so multi-valued RDNs and any
    // string type the CA chose (UTF8String, PrintableString, IA5String, BMPString…) are handled.
    private static IEnumerable<string> ReadAttributeStrings(X500DistinguishedName name, string oid)
    {
        var results = new List<string>();
        try
        {
            var rdns = new AsnReader(name.RawData, AsnEncodingRules.DER).ReadSequence();
            while (rdns.HasData)
            {
                var set = rdns.ReadSetOf();
                while (set.HasData)
                {
                    var attribute = set.ReadSequence();
                    var type = attribute.ReadObjectIdentifier();
                    var tag = attribute.PeekTag();
                    if (type == oid && tag.TagClass == TagClass.Universal
                        && TryReadString(attribute, (UniversalTagNumber)tag.TagValue, out var value))
                    {
                        results.Add(value);
                    }
                }
            }
        }
        catch (AsnContentException)
        {
            // An undecodable subject simply has no readable MST; the caller reports CERT_MST_MISSING.
        }

        return results;
    }

    private static bool TryReadString(AsnReader reader, UniversalTagNumber type, out string value)
    {
        switch (type)
        {
            case UniversalTagNumber.UTF8String:
            case UniversalTagNumber.PrintableString:
            case UniversalTagNumber.IA5String:
            case UniversalTagNumber.BMPString:
            case UniversalTagNumber.VisibleString:
            case UniversalTagNumber.T61String:
                value = reader.ReadCharacterString(type);
                return true;
            default:
                reader.ReadEncodedValue();
                value = string.Empty;
                return false;
        }
    }
}
