using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Signing;
using EFiling.Tests.Shared;
using static EFiling.Review.Tests.ReviewEnvironment;

namespace EFiling.Review.Tests;

/// <summary>The filing page's certificate panel shows the signer intake verified and recorded, never the first
/// ds:X509Certificate in the document (issues 11 and 13).</summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewCertificateTests(ReviewEnvironment env)
{
    [Theory]
    [InlineData(ExtraCertificatePlace.ForeignWrapperInKeyInfo)]
    [InlineData(ExtraCertificatePlace.ObjectInSignatureBlock)]
    public async Task The_page_shows_the_real_signer_not_a_certificate_placed_before_it(ExtraCertificatePlace place)
    {
        var victim = env.Pki.FirstOf(DevCertificateKind.Valid);
        using var signer = env.Pki.IssueCertificate(
            DevPki.TaxpayerSubject(victim.Mst, "CÔNG TY KHÁC"), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30));
        var id = await env.FilingAsync(env.Samples.Declaration(OfficeA, victim.Mst, signer,
            signature => ExtraCertificates.Place(signature, victim.Certificate, place)));

        var certificate = await CertificateAsync(id);
        Assert.Equal(signer.Thumbprint, (string?)certificate["thumbprint"]);
        Assert.Equal(signer.Subject, (string?)certificate["subject"]);
        Assert.Equal(signer.SerialNumber, (string?)certificate["serialNumber"]);
    }

    [Fact]
    public async Task The_page_shows_the_signer_when_KeyInfo_lists_the_issuing_CA_first()
    {
        var signer = env.Pki.FirstOf(DevCertificateKind.Valid);
        var id = await env.FilingAsync(env.Samples.Declaration(OfficeA, signer.Mst, signer.Certificate,
            signature => ExtraCertificates.Place(signature, env.Pki.IssuingCa, ExtraCertificatePlace.SameX509DataBeforeSigner)));

        var certificate = await CertificateAsync(id);
        Assert.Equal(signer.Certificate.Thumbprint, (string?)certificate["thumbprint"]);
        Assert.Equal(signer.Mst, (string?)certificate["mst"]);
        Assert.Equal(env.Pki.IssuingCa.Subject, (string?)certificate["issuer"]);
        Assert.Equal(signer.Certificate.NotAfter.ToUniversalTime(), (DateTime)certificate["notAfterUtc"]!, TimeSpan.FromSeconds(1));
    }

    private async Task<JsonNode> CertificateAsync(string id)
    {
        using var officer = await env.SignInAsync(OfficerA);
        using var response = await officer.GetAsync($"/api/review/filings/{id}");
        response.EnsureSuccessStatusCode();
        return (await response.JsonAsync())["certificate"]!;
    }
}
