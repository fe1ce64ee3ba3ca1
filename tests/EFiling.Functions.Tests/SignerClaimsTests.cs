using System.Text;
using EFiling.Functions.RateLimiting;
using EFiling.Functions.Tests.Fixtures;

namespace EFiling.Functions.Tests;

/// <summary>The cheap read of who a declaration claims signed it (the per-signer limit's key before the checks).</summary>
[Collection(AppCollection.Name)]
public sealed class SignerClaimsTests(TestEnvironment env)
{
    [Fact]
    public void The_claim_is_the_signer_certificates_MST_however_the_base64_is_wrapped()
    {
        var signer = TestRegistry.Active(env.Pki);
        var xml = Encoding.UTF8.GetString(env.Samples.Make(_ => { }, signer));
        Assert.Equal([$"mst:{signer.Mst}"], SignerClaims.Read(Encoding.UTF8.GetBytes(xml)));

        // HTKK wraps the certificate at 76 columns with CR written as &#13;, and uses a ds: prefix.
        var start = xml.IndexOf("<X509Certificate>", StringComparison.Ordinal) + "<X509Certificate>".Length;
        var end = xml.IndexOf("</X509Certificate>", start, StringComparison.Ordinal);
        var wrapped = string.Join("&#13;\n", xml[start..end].Chunk(76).Select(c => new string(c)));
        var htkk = (xml[..start] + wrapped + xml[end..]).Replace("<X509Certificate>", "<ds:X509Certificate xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">")
            .Replace("</X509Certificate>", "</ds:X509Certificate>");
        Assert.Equal([$"mst:{signer.Mst}"], SignerClaims.Read(Encoding.UTF8.GetBytes(htkk)));
    }

    [Fact]
    public void No_certificate_no_claim_and_CA_certificates_claim_nothing()
    {
        Assert.Empty(SignerClaims.Read("<HSoThueDTu><X509Certificate/><X509CertificateX>AAAA</X509CertificateX></HSoThueDTu>"u8));
        Assert.Empty(SignerClaims.Read("<a><X509Certificate>not base64!</X509Certificate></a>"u8));
        var issuing = Convert.ToBase64String(env.Pki.IssuingCa.RawData);
        Assert.Empty(SignerClaims.Read(Encoding.UTF8.GetBytes($"<a><X509Certificate>{issuing}</X509Certificate></a>")));
    }

    [Fact]
    public void Claims_read_again_are_each_documents_own()
    {
        // A certificate's key is decoded once and remembered by its text: documents of different signers read in turn,
        // again and again, must each still give their own signer, and a CA certificate stays no claim.
        var (active, suspended) = (TestRegistry.Active(env.Pki), TestRegistry.Suspended(env.Pki));
        var first = env.Samples.Make(_ => { }, active);
        var second = env.Samples.Make(_ => { }, suspended);
        var ca = Encoding.UTF8.GetBytes($"<a><X509Certificate>{Convert.ToBase64String(env.Pki.IssuingCa.RawData)}</X509Certificate></a>");
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal([$"mst:{active.Mst}"], SignerClaims.Read(first));
            Assert.Equal([$"mst:{suspended.Mst}"], SignerClaims.Read(second));
            Assert.Empty(SignerClaims.Read(ca));
        }
    }
}
