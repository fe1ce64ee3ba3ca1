using System.Net;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;

namespace EFiling.Functions.Tests;

/// <summary>
/// EFiling__Revocation__WhenUnknown through the real app: with an empty CRL folder (and dev certificates that name no
/// OCSP responder or distribution point) revocation is unknown. Review (the default) acknowledges the filing and
/// sends it to the review queue; Reject refuses it. Each test has its own Azurite, so no other listener takes its message.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class RevocationPolicyTests(TestEnvironment env)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Under_review_a_filing_with_unknown_revocation_is_202_and_lands_in_the_review_queue()
    {
        await using var azurite = await Azurite.StartAsync();
        var noCrls = Directory.CreateTempSubdirectory("efiling-no-crls-").FullName;
        await using var app = await env.StartAppAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["EFiling__CrlFolder"] = noCrls });

        using var response = await app.Client.SubmitAsync(env.Samples.Valid(), accept: "application/json");
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{app.Output}");
        var id = (string)(await response.JsonAsync())["id"]!;

        // Reconciliation checks revocation again (still unknown: nothing to ask), so an officer decides.
        var status = await app.WaitForStatusAsync(id, "NeedsReview", Wait);
        Assert.Contains("CERT_REVOCATION_UNKNOWN", ReconciliationTests.Codes(status));
        Directory.Delete(noCrls);
    }

    [Fact]
    public async Task The_reconciliation_recheck_clears_the_finding_once_revocation_is_known_good()
    {
        await using var azurite = await Azurite.StartAsync();
        var id = await AcknowledgedWithRevocationUnknownAsync(azurite);

        // The CRLs are back (the shared configuration has them): the recheck finds the chain good and clears the finding.
        await using var reconciler = await env.StartAppAsync(azurite.ConnectionString);
        var status = await reconciler.WaitForStatusAsync(id, "Accepted", Wait);
        Assert.DoesNotContain("CERT_REVOCATION_UNKNOWN", ReconciliationTests.Codes(status));
    }

    [Fact]
    public async Task A_recheck_that_fails_for_another_reason_does_not_clear_the_finding()
    {
        await using var azurite = await Azurite.StartAsync();
        var id = await AcknowledgedWithRevocationUnknownAsync(azurite);

        // Reconciled by an instance whose trust no longer has the filing's root: its re-verdict stops at the chain
        // (CERT_UNTRUSTED_ROOT), which says nothing about revocation, so the filing stays with the officer.
        using var otherRootKey = System.Security.Cryptography.RSA.Create(2048);
        using var otherRoot = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Another Root", otherRootKey,
                System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await using var reconciler = await env.StartAppAsync(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["EFiling__TrustedRoots"] = System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", otherRoot.RawData),
        });
        var status = await reconciler.WaitForStatusAsync(id, "NeedsReview", Wait);
        Assert.Contains("CERT_REVOCATION_UNKNOWN", ReconciliationTests.Codes(status));
    }

    /// <summary>Intake with no CRLs and no listener: the filing is acknowledged with CERT_REVOCATION_UNKNOWN and left on
    /// the queue for the next instance to reconcile. Returns its id.</summary>
    private async Task<string> AcknowledgedWithRevocationUnknownAsync(Azurite azurite)
    {
        var noCrls = Directory.CreateTempSubdirectory("efiling-no-crls-").FullName;
        try
        {
            await using var intake = await env.StartAppAsync(azurite.ConnectionString,
                new Dictionary<string, string?> { ["EFiling__CrlFolder"] = noCrls, ["EFiling__QueueListener"] = "false" });
            using var response = await intake.Client.SubmitAsync(env.Samples.Valid(), accept: "application/json");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (string)(await response.JsonAsync())["id"]!;
        }
        finally
        {
            Directory.Delete(noCrls);
        }
    }

    [Fact]
    public async Task Under_reject_a_filing_with_unknown_revocation_is_refused()
    {
        await using var azurite = await Azurite.StartAsync();
        var noCrls = Directory.CreateTempSubdirectory("efiling-no-crls-").FullName;
        await using var app = await env.StartAppAsync(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["EFiling__CrlFolder"] = noCrls, ["EFiling__Revocation__WhenUnknown"] = "Reject", ["EFiling__QueueListener"] = "false",
        });

        using var response = await app.Client.SubmitAsync(env.Samples.Valid(), accept: "application/json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Contains(problem["errors"]!.AsArray(), e => (string?)e!["code"] == "CERT_REVOCATION_UNKNOWN");
        Directory.Delete(noCrls);
    }
}
