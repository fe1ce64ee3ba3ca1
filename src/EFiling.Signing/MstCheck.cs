using System.Security.Cryptography.X509Certificates;

namespace EFiling.Signing;

/// <summary>The certificate must belong to the taxpayer the filing is for (its <c>NNT/mst</c>).</summary>
internal static class MstCheck
{
    public static void Run(X509Certificate2 signer, string expectedMst, SignatureVerifierOptions options, FindingList findings)
    {
        var msts = CertificateMst.ReadAll(signer.SubjectName);
        if (msts.Count == 0)
        {
            findings.Reject(SignatureCodes.CertMstMissing, "The signer certificate's subject carries no UID=MST:… attribute.");
            return;
        }

        if (msts.Count > 1)
        {
            findings.Reject(
                SignatureCodes.CertMstMissing,
                $"The signer certificate's subject carries several MSTs ({string.Join(", ", msts)}), so it names no single taxpayer.");
            return;
        }

        var certificateMst = msts[0];
        var expected = expectedMst.Trim();
        if (string.Equals(certificateMst, expected, StringComparison.Ordinal))
        {
            return;
        }

        var dash = expected.IndexOf('-');
        var isBranchOfCertificateHolder = dash > 0 && string.Equals(expected[..dash], certificateMst, StringComparison.Ordinal);
        if (isBranchOfCertificateHolder && options.AllowBranchOnParentCertificate)
        {
            return;
        }

        // Its own code: the certificate is the right company's, only the office's policy refuses it.
        if (isBranchOfCertificateHolder)
        {
            findings.Reject(
                SignatureCodes.CertMstBranchOnParent,
                $"The filing is for branch {expected} but was signed with the parent's certificate (MST {certificateMst}); this office does not accept that.");
            return;
        }

        findings.Reject(
            SignatureCodes.CertMstMismatch,
            $"The signer certificate is for MST {certificateMst}, but the filing is for MST {expected}.");
    }
}
