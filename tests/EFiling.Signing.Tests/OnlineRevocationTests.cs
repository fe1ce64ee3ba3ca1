using EFiling.Declarations.Findings;
using EFiling.Signing;
using EFiling.Signing.Tests.Support;
using static EFiling.Signing.Tests.Support.Findings;
using static EFiling.Signing.Tests.Support.TestDocuments;

namespace EFiling.Signing.Tests;

/// <summary>Online revocation against services on this machine: CRLs over HTTP, an <c>openssl ocsp</c> responder,
/// URLs on which nothing listens, and the cache. Every test gets its own cache folder.</summary>
public sealed class OnlineRevocationTests(OnlinePki pki) : IClassFixture<OnlinePki>, IDisposable
{
    private readonly string _cacheFolder = Directory.CreateTempSubdirectory("efiling-revocation-cache-").FullName;

    // 10 s, not the service's 3 s: what is tested here is what the answers say, and a loaded CI machine must not turn
    // a slow good answer into "could not be reached". The unreachable cases are refused at once (DeadPort).
    private RevocationSource Source(ManualTime? time = null) =>
        new(new DiskRevocationCache(_cacheFolder), time: time ?? new ManualTime(pki.Now), timeout: TimeSpan.FromSeconds(10));

    private SignatureVerification VerifyOnline(System.Security.Cryptography.X509Certificates.X509Certificate2 signer, RevocationSource source,
        Severity whenUnknown = Severity.Reject, DateTimeOffset? atTime = null) =>
        Verify(SignedTax(signer), pki.Options(source, whenUnknown), atTime: atTime ?? pki.Now);

    [Fact]
    public void A_certificate_revoked_on_the_downloaded_crl_is_refused()
    {
        using var source = Source();

        var result = VerifyOnline(pki.CrlRevoked, source);

        AssertRejectedWith(result, SignatureCodes.CertRevoked);
        Assert.Contains("(CRL)", Findings.Single(result, SignatureCodes.CertRevoked).Message);
    }

    [Fact]
    public void A_certificate_not_on_the_downloaded_crl_is_valid_and_the_issuing_cas_crl_came_from_its_own_distribution_point()
    {
        var before = pki.Crls.RequestsFor(OnlinePki.RootCrlPath);
        using var source = Source();

        var result = VerifyOnline(pki.CrlGood, source);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(before + 1, pki.Crls.RequestsFor(OnlinePki.RootCrlPath));
    }

    [Fact]
    public void A_certificate_revoked_per_ocsp_is_refused()
    {
        using var source = Source();

        var result = VerifyOnline(pki.OcspRevoked, source);

        Assert.True(result.Findings.Any(f => f.Code == SignatureCodes.CertRevoked), result + "\n" + pki.Ocsp.Log);
        AssertRejectedWith(result, SignatureCodes.CertRevoked);
        Assert.Contains("(OCSP)", Findings.Single(result, SignatureCodes.CertRevoked).Message);
    }

    [Fact]
    public void A_certificate_good_per_ocsp_is_valid()
    {
        using var source = Source();

        var result = VerifyOnline(pki.OcspGood, source);

        Assert.True(result.IsValid, result + "\n" + pki.Ocsp.Log);
    }

    [Fact]
    public void A_good_answer_signed_by_a_certificate_not_authorised_for_ocsp_signing_is_not_believed()
    {
        using var source = Source();

        var result = VerifyOnline(pki.RogueAnswered, source);

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
        Assert.Contains("id-kp-OCSPSigning", Findings.Single(result, SignatureCodes.CertRevocationUnknown).Message);
    }

    [Fact]
    public void A_revocation_per_ocsp_after_the_check_time_does_not_count()
    {
        using var source = Source();

        var result = VerifyOnline(pki.OcspRevoked, source, atTime: pki.Now.AddHours(-2));

        Assert.True(result.IsValid, result + "\n" + pki.Ocsp.Log);
    }

    [Fact]
    public void With_the_ocsp_responder_down_the_crl_decides()
    {
        using var source = Source();

        var result = VerifyOnline(pki.OcspDownCrlGood, source);

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Responder_and_distribution_point_unreachable_under_reject_refuses_with_revocation_unknown()
    {
        using var source = Source();

        var result = VerifyOnline(pki.Unreachable, source, Severity.Reject);

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
        var message = Findings.Single(result, SignatureCodes.CertRevocationUnknown).Message;
        Assert.Contains("could not be reached", message);
    }

    [Fact]
    public void Responder_and_distribution_point_unreachable_under_review_is_valid_with_a_review_finding()
    {
        using var source = Source();

        var result = VerifyOnline(pki.Unreachable, source, Severity.Review);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(Severity.Review, Findings.Single(result, SignatureCodes.CertRevocationUnknown).Severity);
    }

    [Fact]
    public void A_certificate_with_no_distribution_point_and_no_responder_is_unknown()
    {
        using var source = Source();

        var result = VerifyOnline(pki.NoPointers, source, Severity.Review);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(Severity.Review, Findings.Single(result, SignatureCodes.CertRevocationUnknown).Severity);
    }

    [Fact]
    public void Ldap_file_and_https_pointers_are_never_fetched()
    {
        var before = pki.Crls.TotalRequests;
        using var source = Source();

        var result = VerifyOnline(pki.OtherSchemes, source);

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
        var message = Findings.Single(result, SignatureCodes.CertRevocationUnknown).Message;
        Assert.Contains("ldap://", message);
        Assert.Contains("file:///etc/passwd", message);
        Assert.Contains("only http", message);
        // The root CRL for the issuing CA is the only request this verification made.
        Assert.Equal(before + 1, pki.Crls.TotalRequests);
    }

    [Fact]
    public void A_cached_crl_is_used_until_its_next_update_then_fetched_again()
    {
        var time = new ManualTime(pki.Now);
        using var source = Source(time);
        var before = pki.Crls.RequestsFor(OnlinePki.IssuingCrlPath);

        Assert.True(VerifyOnline(pki.CrlGood, source, atTime: time.Now).IsValid);
        Assert.Equal(before + 1, pki.Crls.RequestsFor(OnlinePki.IssuingCrlPath));

        // Still before nextUpdate (Now + 1 h): the cache answers, for the revoked certificate too.
        time.Now = pki.Now.AddMinutes(59);
        Assert.True(VerifyOnline(pki.CrlGood, source, atTime: time.Now).IsValid);
        AssertRejectedWith(VerifyOnline(pki.CrlRevoked, source, atTime: time.Now), SignatureCodes.CertRevoked);
        Assert.Equal(before + 1, pki.Crls.RequestsFor(OnlinePki.IssuingCrlPath));

        // Past nextUpdate: fetched again (the CA has published the next CRL by then).
        try
        {
            pki.PublishIssuingCrl(pki.Now.AddMinutes(59), pki.Now.AddHours(3));
            time.Now = pki.Now.AddHours(2);
            Assert.True(VerifyOnline(pki.CrlGood, source, atTime: time.Now).IsValid);
            Assert.Equal(before + 2, pki.Crls.RequestsFor(OnlinePki.IssuingCrlPath));
        }
        finally
        {
            pki.PublishIssuingCrl(pki.Now.AddMinutes(-1), pki.Now.AddHours(1));
        }
    }

    [Fact]
    public void A_crl_past_its_next_update_that_cannot_be_fetched_again_leaves_revocation_unknown()
    {
        var time = new ManualTime(pki.Now);
        using var source = Source(time);
        Assert.True(VerifyOnline(pki.CrlGood, source, atTime: time.Now).IsValid);

        // Two hours later the server still has the old CRL (nextUpdate Now + 1 h): nothing speaks for that time.
        time.Now = pki.Now.AddHours(2);
        var result = VerifyOnline(pki.CrlGood, source, atTime: time.Now);

        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
    }

    [Fact]
    public void A_cached_ocsp_answer_is_used_until_its_next_update()
    {
        var time = new ManualTime(pki.Now);
        using var source = Source(time);
        var first = VerifyOnline(pki.OcspGood, source);
        Assert.True(first.IsValid, first + "\n" + pki.Ocsp.Log);
        Assert.Contains(Directory.EnumerateFiles(_cacheFolder), f => Path.GetFileName(f).StartsWith("ocsp-", StringComparison.Ordinal));

        // A source whose network is a responder that is down still answers from the cache.
        using var offline = new RevocationSource(new DiskRevocationCache(_cacheFolder), new HttpClient(new RefusingHandler()), time);
        Assert.True(VerifyOnline(pki.OcspGood, offline).IsValid);

        // After the answer's nextUpdate (60 min) the cache no longer speaks, and the network is down.
        time.Now = pki.Now.AddMinutes(61);
        var result = VerifyOnline(pki.OcspGood, offline, atTime: pki.Now);
        AssertRejectedWith(result, SignatureCodes.CertRevocationUnknown);
    }

    public void Dispose() => Directory.Delete(_cacheFolder, recursive: true);

    private sealed class RefusingHandler : HttpMessageHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("refused by the test");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("refused by the test");
    }
}
