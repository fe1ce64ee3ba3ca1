namespace EFiling.Signing;

/// <summary>The certificate must belong to someone entitled to sign the filing: the taxpayer it is for (its
/// <c>NNT/mst</c>) or the tax agent the document names (<c>DLyThue/mstDLyThue</c>).</summary>
internal static class MstCheck
{
    /// <param name="msts">The MSTs of the certificate's subject (<see cref="CertificateMst.ReadAll"/>).</param>
    /// <param name="entitledMsts">The taxpayer first, then the agent if any.</param>
    public static void Run(IReadOnlyList<string> msts, IReadOnlyCollection<string> entitledMsts, SignatureVerifierOptions options, FindingList findings)
    {
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
        var entitled = entitledMsts.Select(m => m.Trim()).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (entitled.Contains(certificateMst, StringComparer.Ordinal))
        {
            return;
        }

        var branch = entitled.FirstOrDefault(e => e.IndexOf('-') is var dash && dash > 0 && string.Equals(e[..dash], certificateMst, StringComparison.Ordinal));
        if (branch is not null && options.AllowBranchOnParentCertificate)
        {
            return;
        }

        // Its own code: the certificate is the right company's, only the office's policy refuses it.
        if (branch is not null)
        {
            findings.Reject(
                SignatureCodes.CertMstBranchOnParent,
                $"The filing is for branch {branch} but was signed with the parent's certificate (MST {certificateMst}); this office does not accept that.");
            return;
        }

        var expected = entitled.Count switch
        {
            0 => "no MST",
            1 => $"MST {entitled[0]}",
            _ => $"MST {entitled[0]} (tax agent {string.Join(", ", entitled.Skip(1))})",
        };
        findings.Reject(
            SignatureCodes.CertMstMismatch,
            $"The signer certificate is for MST {certificateMst}, but the filing is for {expected}.");
    }
}
