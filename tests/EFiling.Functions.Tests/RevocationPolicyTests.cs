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
