using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
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

    /// <summary>An Entra user with offices configured (office B) but no configured role: the role can only come from Entra.</summary>
    private const string EntraOfficer = "entra.officer@hcm.gdt.gov.vn";

    private Task<AppProcess> StartAppServiceModeAsync() => env.StartAppAsync(new Dictionary<string, string?>
    {
        ["EFiling__Auth__Mode"] = "AppService",
        // A second app on the shared storage only reads: it leaves reconciliation and the sweep to the shared app.
        ["EFiling__QueueListener"] = "false",
        ["EFiling__SweepInterval"] = "1.00:00:00",
        ["EFiling__Auth__Users__6__Name"] = EntraOfficer,
        ["EFiling__Auth__Users__6__Offices__0"] = OfficeB,
    });

    [Fact]
    public async Task Under_App_Service_authentication_an_Entra_app_role_arrives_as_a_roles_claim_and_counts()
    {
        await using var app = await StartAppServiceModeAsync();
        var inA = await env.FilingAsync(OfficeA);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };

        // As Entra ID sends it: role_typ is the role claim URI, but each app role is a claim of type "roles".
        var officer = EntraPrincipal(EntraOfficer, ("roles", "officer"));
        var me = await (await SendAsAsync(client, HttpMethod.Get, "/api/review/me", officer)).JsonAsync();
        Assert.Equal(EntraOfficer, (string?)me["name"]);           // preferred_username, not the e-mail of name_typ
        Assert.Equal("Trần Thị Bình", (string?)me["displayName"]);
        Assert.Equal(["officer"], me["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal([OfficeB], me["offices"]!.AsArray().Select(o => (string)o!));
        Assert.Equal("AppService", (string?)me["mode"]);
        using (var list = await SendAsAsync(client, HttpMethod.Get, "/api/review/filings", officer))
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        await AssertForbiddenAsync(await SendAsAsync(client, HttpMethod.Get, $"/api/review/filings/{inA}", officer));

        // The same user without the app role is signed in but no reviewer: 403, not 401.
        var noRole = EntraPrincipal(EntraOfficer);
        await AssertRoleRequiredAsync(await SendAsAsync(client, HttpMethod.Get, "/api/review/filings", noRole));
        await AssertRoleRequiredAsync(await SendAsAsync(client, HttpMethod.Get, "/api/review/me", noRole));
    }

    [Fact]
    public async Task Under_App_Service_authentication_a_claim_of_the_role_typ_type_counts_as_a_role_too()
    {
        await using var app = await StartAppServiceModeAsync();
        using var client = new HttpClient { BaseAddress = app.BaseAddress };

        var officer = EntraPrincipal(EntraOfficer, (ClaimTypes.Role, "officer"));
        var me = await (await SendAsAsync(client, HttpMethod.Get, "/api/review/me", officer)).JsonAsync();
        Assert.Equal(["officer"], me["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal([OfficeB], me["offices"]!.AsArray().Select(o => (string)o!));
    }

    [Fact]
    public async Task Under_App_Service_authentication_only_the_principal_header_is_a_user()
    {
        await using var app = await StartAppServiceModeAsync();
        var id = await env.FilingAsync(OfficeA);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };

        // A configured officer (role and office from EFiling:Auth:Users), as Entra ID sends them.
        var officerB = EntraPrincipal(OfficerB);
        await AssertForbiddenAsync(await SendAsAsync(client, HttpMethod.Get, $"/api/review/filings/{id}", officerB));

        using (var none = await client.GetAsync("/api/review/filings"))
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using (var malformed = await SendAsAsync(client, HttpMethod.Get, "/api/review/filings", "not base64 json"))
            Assert.Equal(HttpStatusCode.Unauthorized, malformed.StatusCode);
        using var devSignIn = await client.PostAsJsonAsync("/api/review/signin", new { name = OfficerA });
        Assert.Equal(HttpStatusCode.NotFound, devSignIn.StatusCode);   // no development sign-in in Azure
    }

    /// <summary>
    /// X-MS-CLIENT-PRINCIPAL as App Service Authentication builds it for a Microsoft Entra ID (v2.0) sign-in: name_typ
    /// the e-mail claim URI, role_typ the role claim URI, and the ID token's claims after App Service's mapping
    /// (tenant and object id as URIs; the e-mail here differs from the UPN on purpose).
    /// </summary>
    internal static string EntraPrincipal(string upn, params (string Type, string Value)[] extra)
    {
        var claims = new JsonArray();
        void Add(string typ, string val) => claims.Add(new JsonObject { ["typ"] = typ, ["val"] = val });
        Add("aud", "11111111-2222-3333-4444-555555555555");
        Add("iss", "https://login.microsoftonline.com/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/v2.0");
        Add("iat", "1767225600");
        Add("nbf", "1767225600");
        Add("exp", "1767229500");
        Add(ClaimTypes.Email, "b.tran@gdt.gov.vn");
        Add("name", "Trần Thị Bình");
        Add("http://schemas.microsoft.com/identity/claims/objectidentifier", "0f8fad5b-d9cb-469f-a165-70867728950e");
        Add("preferred_username", upn);
        Add(ClaimTypes.NameIdentifier, "kx3yCq9SMhWZsWb5jEEP2Pd0YshwOWjD3Qq9jqm3FgA");
        Add("http://schemas.microsoft.com/identity/claims/tenantid", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
        Add("ver", "2.0");
        foreach (var (typ, val) in extra) Add(typ, val);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["auth_typ"] = "aad", ["claims"] = claims, ["name_typ"] = ClaimTypes.Email, ["role_typ"] = ClaimTypes.Role,
        }.ToJsonString()));
    }

    private static Task<HttpResponseMessage> SendAsAsync(HttpClient client, HttpMethod method, string path, string principal)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL", principal);
        return client.SendAsync(request);
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
