using System.Security.Cryptography.X509Certificates;
using System.Xml;
using EFiling.Signing;

namespace EFiling.Tests.Shared;

/// <summary>Where a certificate that did not sign can be put into a signed declaration, beside the signer's, without
/// touching what the signature covers (the Reference is to the signed part; KeyInfo and the rest of the signature block
/// are not signed). Each place puts the extra certificate before the signer's in document order.</summary>
public enum ExtraCertificatePlace
{
    /// <summary>Inside KeyInfo, in a wrapper element of another namespace, before X509Data (the xmldsig schema allows
    /// foreign elements in KeyInfo).</summary>
    ForeignWrapperInKeyInfo,

    /// <summary>A second ds:X509Data before the signer's.</summary>
    X509DataBeforeSigner,

    /// <summary>In the signer's ds:X509Data, before the signer's ds:X509Certificate (how CA certificates travel).</summary>
    SameX509DataBeforeSigner,

    /// <summary>In a ds:Object beside the ds:Signature in the signature block, before it (CKyDTu allows any
    /// xmldsig-namespace element).</summary>
    ObjectInSignatureBlock,

    /// <summary>In an element of another namespace beside the ds:Signature in the signature block, before it.</summary>
    ForeignElementInSignatureBlock,
}

public static class ExtraCertificates
{

    /// <summary>Puts <paramref name="extra"/> (public part only) at <paramref name="place"/> relative to the signed
    /// <paramref name="signature"/>.</summary>
    public static void Place(XmlElement signature, X509Certificate2 extra, ExtraCertificatePlace place)
    {
        var doc = signature.OwnerDocument;
        var keyInfo = signature.GetElementsByTagName("KeyInfo", XmlDsigAlgorithms.DsigNamespace).OfType<XmlElement>().Single();
        var x509Data = keyInfo.GetElementsByTagName("X509Data", XmlDsigAlgorithms.DsigNamespace).OfType<XmlElement>().Single();
        XmlElement Dsig(string name) => doc.CreateElement("ds", name, XmlDsigAlgorithms.DsigNamespace);
        XmlElement CertificateElement()
        {
            var e = Dsig("X509Certificate");
            e.InnerText = Convert.ToBase64String(extra.RawData);
            return e;
        }
        XmlElement InX509Data()
        {
            var data = Dsig("X509Data");
            data.AppendChild(CertificateElement());
            return data;
        }

        switch (place)
        {
            case ExtraCertificatePlace.ForeignWrapperInKeyInfo:
                var wrapper = doc.CreateElement("x", "Certificates", "urn:example:not-xmldsig");
                wrapper.AppendChild(InX509Data());
                keyInfo.InsertBefore(wrapper, x509Data);
                break;
            case ExtraCertificatePlace.X509DataBeforeSigner:
                keyInfo.InsertBefore(InX509Data(), x509Data);
                break;
            case ExtraCertificatePlace.SameX509DataBeforeSigner:
                x509Data.InsertBefore(CertificateElement(), x509Data.FirstChild);
                break;
            case ExtraCertificatePlace.ObjectInSignatureBlock:
                var dsObject = Dsig("Object");
                dsObject.AppendChild(InX509Data());
                signature.ParentNode!.InsertBefore(dsObject, signature);
                break;
            case ExtraCertificatePlace.ForeignElementInSignatureBlock:
                var foreign = doc.CreateElement("x", "Certificates", "urn:example:not-xmldsig");
                foreign.AppendChild(InX509Data());
                signature.ParentNode!.InsertBefore(foreign, signature);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(place), place, null);
        }
    }
}
