namespace EFiling.Signing;

/// <summary>Which implementation checks the signature value and the reference digest (<c>EFiling__XmlDsig</c>,
/// <c>efiling validate --xmldsig</c>). Every other check (structure, reference target, certificate, chain,
/// revocation) is the same on both paths.</summary>
public enum XmlDsigPath
{
    /// <summary>The streaming canonicaliser over the parsed DOM for the profile real filings use; anything outside it
    /// goes to SignedXml. The default.</summary>
    Fast,

    /// <summary>System.Security.Cryptography.Xml's SignedXml for every signature: the switch that turns the fast path off.</summary>
    Reference,

    /// <summary>Both, and an <see cref="XmlDsigDifferentialException"/> when they disagree on the verdict or the digest:
    /// for the test suite (every signature test runs this way) or a canary, at the cost of both.</summary>
    Differential,
}
