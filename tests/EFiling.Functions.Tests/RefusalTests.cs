using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;

namespace EFiling.Functions.Tests;

/// <summary>Every refusal is RFC 9457 problem+json with an errors array listing every finding.</summary>
[Collection(AppCollection.Name)]
public sealed class RefusalTests(TestEnvironment env)
{
    private HttpClient Client => env.App.Client;

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/octet-stream")]
    public async Task A_wrong_media_type_is_415(string contentType)
    {
        var problem = await RefusedAsync(await Client.SubmitAsync(env.Samples.Valid(), contentType), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("https://efiling.vn/problems/unsupported-media-type", (string?)problem["type"]);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", Codes(problem).Single());
    }

    [Fact]
    public async Task No_content_type_is_415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/filings") { Content = new ByteArrayContent(env.Samples.Valid()) };
        request.Content.Headers.ContentType = null;
        await RefusedAsync(await Client.SendAsync(request), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Text_xml_with_a_charset_is_accepted()
    {
        using var response = await Client.SubmitAsync(env.Samples.Valid(), "text/xml; charset=utf-8");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("this is not XML")]
    [InlineData("<HSoThueDTu xmlns=\"http://kekhaithue.gdt.gov.vn/TKhaiThue\"><HSoKhaiThue>")]
    [InlineData("")]
    public async Task Not_xml_or_malformed_is_400_with_a_located_error(string body)
    {
        var problem = await RefusedAsync(await Client.SubmitAsync(Encoding.UTF8.GetBytes(body)), HttpStatusCode.BadRequest);
        Assert.Equal("https://efiling.vn/problems/malformed-xml", (string?)problem["type"]);
        var error = problem["errors"]!.AsArray()[0]!;
        Assert.StartsWith(body.Length == 0 ? "DOC_" : "XML_", (string?)error["code"]);
        Assert.NotNull((string?)error["message"]);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_by_content_length()
    {
        var body = new byte[TestEnvironment.MaxDocumentBytes + 1];
        var problem = await RefusedAsync(await Client.SubmitAsync(body), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("DOC_TOO_LARGE", Codes(problem).Single());
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_while_reading()
    {
        // No Content-Length: the limit must hold while the body streams in.
        var content = new StreamContent(new MemoryStream(new byte[TestEnvironment.MaxDocumentBytes + 4096]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/filings") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var problem = await RefusedAsync(await Client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("DOC_TOO_LARGE", Codes(problem).Single());
    }

    [Fact]
    public async Task Schema_errors_are_422_listing_every_error_with_its_location()
    {
        var problem = await RefusedAsync(await Client.SubmitAsync(env.Samples.SchemaInvalid()), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("https://efiling.vn/problems/schema-invalid", (string?)problem["type"]);
        var errors = problem["errors"]!.AsArray();
        Assert.True(errors.Count >= 2, problem.ToJsonString());
        Assert.All(errors, e =>
        {
            Assert.StartsWith("SCHEMA_", (string?)e!["code"]);
            Assert.True((int?)e["line"] > 0);
            Assert.True((int?)e["column"] > 0);
            Assert.StartsWith("/HSoThueDTu/", (string?)e["path"]);
        });
    }

    [Fact]
    public async Task Business_rule_failures_are_422_listing_every_rule()
    {
        var problem = await RefusedAsync(await Client.SubmitAsync(env.Samples.RuleViolations()), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("https://efiling.vn/problems/rule-violation", (string?)problem["type"]);
        Assert.Superset(new HashSet<string> { "GTGT-027", "GTGT-034" }, Codes(problem).ToHashSet());
    }

    [Fact]
    public async Task A_broken_signature_is_422()
    {
        var problem = await RefusedAsync(await Client.SubmitAsync(env.Samples.Tampered()), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("https://efiling.vn/problems/signature-invalid", (string?)problem["type"]);
        Assert.Contains("SIG_INVALID", Codes(problem));
    }

    [Fact]
    public async Task An_expired_certificate_is_422()
    {
        var problem = await RefusedAsync(await Client.SubmitAsync(env.Samples.ExpiredCertificate()), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("https://efiling.vn/problems/certificate-invalid", (string?)problem["type"]);
        Assert.Contains("CERT_EXPIRED", Codes(problem));
    }

    private static async Task<JsonNode> RefusedAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(expected == response.StatusCode, $"Expected {expected}, got {response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(body)!;
            Assert.Equal((int)expected, (int?)problem["status"]);
            Assert.NotNull((string?)problem["title"]);
            Assert.NotNull((string?)problem["detail"]);
            Assert.Equal("/api/filings", (string?)problem["instance"]);
            Assert.StartsWith("https://efiling.vn/problems/", (string?)problem["type"]);
            var errors = problem["errors"]!.AsArray();
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.True(e!.AsObject().ContainsKey("line") && e.AsObject().ContainsKey("column") && e.AsObject().ContainsKey("path")));
            return problem;
        }
    }

    private static IEnumerable<string> Codes(JsonNode problem) => problem["errors"]!.AsArray().Select(e => (string)e!["code"]!);
}
