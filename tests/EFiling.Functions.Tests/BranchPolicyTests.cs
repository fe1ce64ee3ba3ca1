using System.Net;
using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;

namespace EFiling.Functions.Tests;

/// <summary>EFiling__AllowBranchOnParentCertificate: a branch's filing signed with its parent's certificate is
/// refused unless the office turns this on.</summary>
[Collection(AppCollection.Name)]
public sealed class BranchPolicyTests(TestEnvironment env)
{
    [Fact]
    public async Task By_default_a_branch_filing_signed_by_the_parent_is_422_with_its_own_code()
    {
        using var response = await env.App.Client.SubmitAsync(env.Samples.BranchSignedByParent(), accept: "application/json");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}: {body}");
        var problem = JsonNode.Parse(body)!;
        Assert.Equal("https://efiling.vn/problems/certificate-invalid", (string?)problem["type"]);
        Assert.Equal(["CERT_MST_BRANCH_ON_PARENT"], problem["errors"]!.AsArray().Select(e => (string)e!["code"]!));
    }

    [Fact]
    public async Task With_the_setting_on_the_same_filing_is_received()
    {
        // A second app on the same storage, without a queue listener so it leaves the shared app's messages alone.
        await using var app = await env.StartAppAsync(env.StorageConnectionString, new Dictionary<string, string?>
        {
            ["EFiling__AllowBranchOnParentCertificate"] = "true",
            ["EFiling__QueueListener"] = "false",
        });

        using var response = await app.Client.SubmitAsync(env.Samples.BranchSignedByParent(), accept: "application/json");

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
