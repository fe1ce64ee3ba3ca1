using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace EFiling.Signing;

/// <summary>The fast path and SignedXml disagree: a bug in the fast path, never a verdict.</summary>
public sealed class XmlDsigDifferentialException(string message) : Exception(message);

/// <summary>
/// <see cref="XmlDsigPath.Differential"/>: the fast path's verdict and reference digest against SignedXml's on the same
/// signature. SignedXml does not publish the digest it computes while verifying, so it is asked for it through the
/// method its own verification calls (<c>Reference.CalculateHashValue</c>, not public): the same transform chain, the
/// same bytes.
/// </summary>
internal static class XmlDsigDifferential
{
    private static readonly MethodInfo? CalculateHashValue =
        typeof(Reference).GetMethod("CalculateHashValue", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>True when both gave a verdict and a digest and they agree; false when the fast path handed the signature
    /// on (SignedXml's verdict is then the only one); throws when they disagree.</summary>
    /// <param name="referenceCode">SignedXml's verdict on the same signature: null when valid, else the code it gave.</param>
    public static bool Compare(
        FastCheckResult fast, string? referenceCode, XmlDocument document, XmlElement signature, XmlElement signedPart, string? targetId)
    {
        if (fast.Verdict == FastVerdict.OutsideProfile)
        {
            return false;
        }

        var fastCode = fast.Verdict == FastVerdict.Valid ? null : SignatureCodes.Invalid;
        if (fastCode != referenceCode)
        {
            throw new XmlDsigDifferentialException(
                $"XMLDSig paths disagree: the fast path says {fastCode ?? "valid"}, SignedXml says {referenceCode ?? "valid"}.");
        }

        var referenceDigest = ReferenceDigest(document, signature, signedPart, targetId);
        if (!referenceDigest.AsSpan().SequenceEqual(fast.ReferenceDigest))
        {
            throw new XmlDsigDifferentialException(
                $"XMLDSig paths disagree on the reference digest: fast {Convert.ToBase64String(fast.ReferenceDigest ?? [])}, SignedXml {Convert.ToBase64String(referenceDigest)}.");
        }

        return true;
    }

    /// <summary>The digest SignedXml computes for the signature's one Reference.</summary>
    public static byte[] ReferenceDigest(XmlDocument document, XmlElement signature, XmlElement signedPart, string? targetId)
    {
        if (CalculateHashValue is null)
            throw new XmlDsigDifferentialException("This System.Security.Cryptography.Xml has no Reference.CalculateHashValue: the differential mode cannot run.");
        var signedXml = new PinnedSignedXml(document, targetId is null ? null : signedPart, targetId);
        try
        {
            signedXml.LoadXml(signature);
            var reference = (Reference)signedXml.SignedInfo!.References[0]!;
            return (byte[])CalculateHashValue.Invoke(reference, [document, null])!;
        }
        catch (Exception e) when (e is CryptographicException or XmlException or FormatException
                                      || e.InnerException is CryptographicException or XmlException or FormatException)
        {
            // The fast path took the signature as in its profile, and SignedXml cannot even read it: a disagreement.
            throw new XmlDsigDifferentialException($"SignedXml cannot compute the digest the fast path computed: {(e.InnerException ?? e).Message}");
        }
    }
}
