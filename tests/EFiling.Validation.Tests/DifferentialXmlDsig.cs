using System.Runtime.CompilerServices;
using EFiling.Signing;

namespace EFiling.Validation.Tests;

/// <summary>Every signature this test project checks is checked by the fast path and by SignedXml, and the two must agree
/// on the verdict and the reference digest (an XmlDsigDifferentialException fails the test otherwise): the differential
/// test runs over every sample kind and attack case the suite has, not over a copy of them.</summary>
internal static class DifferentialXmlDsig
{
#pragma warning disable CA2255 // A test assembly's own setting, before any test builds a verifier.
    [ModuleInitializer]
    internal static void CheckEverySignatureBothWays() => SignatureVerifierOptions.DefaultXmlDsig = XmlDsigPath.Differential;
#pragma warning restore CA2255
}
