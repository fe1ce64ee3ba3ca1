using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Infrastructure;
using static EFiling.Review.Tests.ReviewEnvironment;

namespace EFiling.Review.Tests;

/// <summary>Who may see and act on what: enforced by the API, not by the pages.</summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewAccessTests(ReviewEnvironment env)
{
    [Fact]
    public async Task Without_a_user_every_review_call_is_401_and_a_function_key_does_not_count_as_one()
    {
        var id = await env.FilingAsync(OfficeA);
        using var anonymous = new HttpClient { BaseAddress = env.App.BaseAddress };
        anonymous.DefaultRequestHeaders.Add("x-functions-key", "a-valid-looking-function-key");
        foreach (var path in new[] { "/api/review/filings", $"/api/review/filings/{id}", $"/api/review/filings/{id}/document", "/api/review/me" })
        {
            using var response = await anonymous.GetAsync(path + "?code=another-key");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("SIGN_IN_REQUIRED", (string?)(await response.JsonAsync())["errors"]![0]!["code"]);
        }
        using var decision = await anonymous.SendAsync(Decision(id, "accept", null, "W/\"x\""));
        Assert.Equal(HttpStatusCode.Unauthorized, decision.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_user_without_a_review_role_gets_403()
    {
        var id = await env.FilingAsync(OfficeA);
        using var visitor = await env.SignInAsync(NoRole);
        // Signed in (so not 401), but no role: every review call is 403 REVIEW_ROLE_REQUIRED.
        foreach (var path in new[] { "/api/review/me", "/api/review/filings", $"/api/review/filings/{id}" })
            await AssertRoleRequiredAsync(await visitor.GetAsync(path));
        await AssertRoleRequiredAsync(await visitor.SendAsync(Decision(id, "accept", null, "*")));
    }

    [Fact]
    public async Task An_officer_of_office_A_cannot_list_read_or_act_on_office_B_filings()
    {
        var mine = await env.FilingAsync(OfficeA);
        var theirs = await env.FilingAsync(OfficeB);
        using var officerA = await env.SignInAsync(OfficerA);

        var listed = await ListIdsAsync(officerA, "/api/review/filings?status=NeedsReview&pageSize=100");
        Assert.Contains(mine, listed);
        Assert.DoesNotContain(theirs, listed);

        await AssertForbiddenAsync(await officerA.GetAsync($"/api/review/filings?office={OfficeB}"));
        await AssertForbiddenAsync(await officerA.GetAsync($"/api/review/filings/{theirs}"));
        await AssertForbiddenAsync(await officerA.GetAsync($"/api/review/filings/{theirs}/document"));
        await AssertForbiddenAsync(await officerA.GetAsync($"/api/review/filings/{theirs}/receipt"));
        await AssertForbiddenAsync(await officerA.SendAsync(Decision(theirs, "reject", "not yours", "*")));

        // Office B's own officer sees it and office A's filing is hidden from them.
        using var officerB = await env.SignInAsync(OfficerB);
        var listedB = await ListIdsAsync(officerB, "/api/review/filings?status=NeedsReview&pageSize=100");
        Assert.Contains(theirs, listedB);
        Assert.DoesNotContain(mine, listedB);
        using var read = await officerB.GetAsync($"/api/review/filings/{theirs}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task A_supervisor_sees_the_offices_of_their_province_and_an_administrator_sees_all()
    {
        var hanoi = await env.FilingAsync(OfficeA, "Failed");
        var hcm = await env.FilingAsync(OfficeB, "Failed");
        using var supervisor = await env.SignInAsync(SupervisorHanoi);
        var seen = await ListIdsAsync(supervisor, "/api/review/filings?status=Failed&pageSize=100");
        Assert.Contains(hanoi, seen);
        Assert.DoesNotContain(hcm, seen);
        await AssertForbiddenAsync(await supervisor.GetAsync($"/api/review/filings/{hcm}"));

        using var admin = await env.SignInAsync(Administrator);
        var all = await ListIdsAsync(admin, "/api/review/filings?status=Failed&pageSize=100");
        Assert.Contains(hanoi, all);
        Assert.Contains(hcm, all);
    }

    [Fact]
    public async Task Under_App_Service_authentication_the_principal_header_is_the_user_and_nothing_else_is()
    {
        await using var app = await env.StartAppAsync(new Dictionary<string, string?> { ["EFiling__Auth__Mode"] = "AppService" });
        var id = await env.FilingAsync(OfficeA);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };

        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["auth_typ"] = "aad", ["name_typ"] = "preferred_username", ["role_typ"] = "roles",
            ["claims"] = new JsonArray(
                new JsonObject { ["typ"] = "preferred_username", ["val"] = OfficerB },
                new JsonObject { ["typ"] = "roles", ["val"] = "officer" }),
        }.ToJsonString()));
        using var asB = new HttpRequestMessage(HttpMethod.Get, $"/api/review/filings/{id}");
        asB.Headers.Add("X-MS-CLIENT-PRINCIPAL", principal);
        await AssertForbiddenAsync(await client.SendAsync(asB));      // Entra role officer, configured office B

        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/review/me");
        me.Headers.Add("X-MS-CLIENT-PRINCIPAL", principal);
        using var meResponse = await client.SendAsync(me);
        var body = await meResponse.JsonAsync();
        Assert.Equal(OfficerB, (string?)body["name"]);
        Assert.Equal(OfficeB, (string?)body["offices"]![0]);
        Assert.Equal("AppService", (string?)body["mode"]);

        using var malformed = new HttpRequestMessage(HttpMethod.Get, "/api/review/filings");
        malformed.Headers.Add("X-MS-CLIENT-PRINCIPAL", "not base64 json");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(malformed)).StatusCode);

        using var devSignIn = await client.PostAsJsonAsync("/api/review/signin", new { name = OfficerA });
        Assert.Equal(HttpStatusCode.NotFound, devSignIn.StatusCode);   // no development sign-in in Azure
    }

    internal static HttpRequestMessage Decision(string id, string decision, string? reason, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/review/filings/{id}/decision") { Content = JsonContent.Create(new { decision, reason }) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    internal static async Task<List<string>> ListIdsAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync())["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList();
    }

    private static async Task AssertRoleRequiredAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("REVIEW_ROLE_REQUIRED", (string?)(await response.JsonAsync())["errors"]![0]!["code"]);
        }
    }

    private static async Task AssertForbiddenAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("OFFICE_NOT_IN_SCOPE", (string?)(await response.JsonAsync())["errors"]![0]!["code"]);
        }
    }
}
