using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Xml;
using System.Xml;
using Azure.Data.Tables;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Storage;

namespace EFiling.Functions.Tests;

/// <summary>
/// Issue 14, item 3: test filings in production (X-EFiling-Test: true). Checked like a real filing, answered with a
/// receipt marked as a test inside its signed part, kept apart (test-filings), and never where a real filing goes:
/// no filing row, no history, no filings-received message, so never reconciled, reviewed or counted. The test trust
/// anchor is trusted for test filings only. (The statistics and the review queue are shown unchanged by a test filing
/// in tests/EFiling.Review.Tests/TestModeReviewAndStatsTests.)
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TestModeTests(TestEnvironment env)
{
    private const string ReceiptNs = "urn:efiling:vn:thongbao:v1";
    private HttpClient Client => env.App.Client;

    [Fact]
    public async Task A_declaration_signed_under_the_test_anchor_gets_a_signed_test_receipt_and_is_stored_apart()
    {
        var bytes = env.TestAnchorSamples.Valid();
        using var response = await Client.SubmitAsync(bytes, test: true);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Headers.GetValues("X-Correlation-Id").Single());
        var receiptBytes = await response.Content.ReadAsByteArrayAsync();
        var receipt = Load(receiptBytes);
        var id = Text(receipt, "maHoSo");
        Assert.Equal("true", Text(receipt, "thuNghiem"));
        // The mark is inside the signed part: the receipt verifies, and without the mark it does not.
        Assert.True(Verify(receipt));
        var stripped = Load(receiptBytes);
        var mark = stripped.GetElementsByTagName("thuNghiem", ReceiptNs)[0]!;
        mark.ParentNode!.RemoveChild(mark);
        Assert.False(Verify(stripped));

        // Its status: decided at intake, a test; its receipt made again is the same bytes; its document is the one sent.
        var status = await Client.GetFromJsonNodeAsync($"/api/filings/{id}");
        Assert.Equal("Accepted", (string?)status["status"]);
        Assert.True((bool?)status["test"]);
        Assert.True((bool?)status["receipt"]!["test"]);
        using var again = await Client.GetAsync($"/api/filings/{id}/receipt");
        Assert.Equal(receiptBytes, await again.Content.ReadAsByteArrayAsync());
        using var document = await Client.GetAsync($"/api/filings/{id}/document");
        Assert.Equal(bytes, await document.Content.ReadAsByteArrayAsync());
        var json = await (await Client.SubmitAsync(bytes, accept: "application/json", test: true)).JsonAsync();
        Assert.Equal(id, (string?)json["id"]);
        Assert.True((bool?)json["test"]);

        // Stored apart: in test-filings, not in filings; no row, no history.
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await AssertNowhereRealAsync(id, sha);
        Assert.True((await Container(env.Storage, StorageNames.Default.Containers.TestFilings).GetBlobClient(FilingKeys.DocumentBlob(sha)).ExistsAsync()).Value);
    }

    [Fact]
    public async Task Without_the_header_a_test_anchor_declaration_is_refused_and_stored_nowhere()
    {
        var bytes = env.TestAnchorSamples.Valid();
        using var response = await Client.SubmitAsync(bytes);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Contains(problem["errors"]!.AsArray(), e => (string?)e!["code"] == "CERT_UNTRUSTED_ROOT");
        Assert.Equal(response.Headers.GetValues("X-Correlation-Id").Single(), (string?)problem["traceId"]);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.False((await Container(env.Storage, StorageNames.Default.Containers.Filings).GetBlobClient(FilingKeys.DocumentBlob(sha)).ExistsAsync()).Value);
        Assert.False((await Container(env.Storage, StorageNames.Default.Containers.TestFilings).GetBlobClient(FilingKeys.DocumentBlob(sha)).ExistsAsync()).Value);

        // "false" is the same as no header; anything else is refused rather than guessed.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(bytes, "false")).StatusCode);
        using var invalid = await SendAsync(bytes, "yes");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("TEST_HEADER_INVALID", (string?)(await invalid.JsonAsync())["code"]);
    }

    [Fact]
    public async Task A_real_root_declaration_sent_as_a_test_is_a_test_and_the_same_bytes_filed_for_real_are_a_new_real_filing()
    {
        var bytes = env.Samples.Valid();
        var test = await (await Client.SubmitAsync(bytes, accept: "application/json", test: true)).JsonAsync();
        Assert.True((bool?)test["test"]);
        await AssertNowhereRealAsync((string)test["id"]!, Convert.ToHexStringLower(SHA256.HashData(bytes)));

        // The test did not take the bytes: filed for real they make a real filing (202, its own id, no test mark),
        // which reconciliation decides; and sent as a test again, they are still the test filing (200, its id).
        using var real = await Client.SubmitAsync(bytes, accept: "application/json");
        Assert.Equal(HttpStatusCode.Accepted, real.StatusCode);
        var realJson = await real.JsonAsync();
        Assert.NotEqual((string?)test["id"], (string?)realJson["id"]);
        Assert.Null(realJson["test"]);
        await env.App.WaitForStatusAsync((string)realJson["id"]!, "Accepted", TimeSpan.FromSeconds(30));
        using var testAgain = await Client.SubmitAsync(bytes, accept: "application/json", test: true);
        Assert.Equal(HttpStatusCode.OK, testAgain.StatusCode);
        Assert.Equal((string?)test["id"], (string?)(await testAgain.JsonAsync())["id"]);
    }

    [Fact]
    public async Task A_test_filing_is_never_checked_against_the_registry()
    {
        // The suspended taxpayer's real filing is refused by reconciliation (REC_TAXPAYER_INACTIVE); the same taxpayer's
        // test filing is accepted at intake: no registry read could have refused it, because none happens.
        var suspended = TestRegistry.Suspended(env.Pki);
        var realId = (string)(await (await Client.SubmitAsync(env.Samples.Make(_ => { }, suspended), accept: "application/json")).JsonAsync())["id"]!;
        var real = await env.App.WaitForStatusAsync(realId, "Rejected", TimeSpan.FromSeconds(30));
        Assert.Contains(real["findings"]!.AsArray(), f => (string?)f!["code"] == "REC_TAXPAYER_INACTIVE");

        using var response = await Client.SubmitAsync(env.Samples.Make(_ => { }, suspended), accept: "application/json", test: true);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (string)(await response.JsonAsync())["id"]!;
        var status = await Client.GetFromJsonNodeAsync($"/api/filings/{id}");
        Assert.Equal("Accepted", (string?)status["status"]);
        Assert.Empty(status["findings"]!.AsArray());
        Assert.DoesNotContain("REC_", status.ToJsonString());
    }

    [Fact]
    public async Task A_test_filing_is_refused_like_a_real_one_with_the_same_problem_shape()
    {
        using var response = await Client.SubmitAsync(env.TestAnchorSamples.RuleViolations(), test: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("https://efiling.vn/problems/rule-violation", (string?)problem["type"]);
        Assert.Equal("GTGT-027", (string?)problem["code"]);
        Assert.Equal(response.Headers.GetValues("X-Correlation-Id").Single(), (string?)problem["traceId"]);
    }

    [Fact]
    public async Task Test_filings_spend_a_budget_of_their_own_never_the_taxpayers_real_one()
    {
        await using var app = await env.StartAppAsync(env.StorageConnectionString, new Dictionary<string, string?>
        {
            ["EFiling__QueueListener"] = "false", ["EFiling__RateLimits__SignerPermitLimit"] = "2", ["EFiling__RateLimits__SignerWindow"] = "00:10:00",
        });
        var taxpayer = TestRegistry.Active(env.Pki);
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await app.Client.SubmitAsync(env.Samples.Make(_ => { }, taxpayer), test: true)).StatusCode);
        using var limited = await app.Client.SubmitAsync(env.Samples.Make(_ => { }, taxpayer), test: true);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("RATE_LIMITED_SIGNER", (string?)(await limited.JsonAsync())["code"]);
        // The taxpayer's real budget is whole.
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await app.Client.SubmitAsync(env.Samples.Make(_ => { }, taxpayer))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await app.Client.SubmitAsync(env.Samples.Make(_ => { }, taxpayer))).StatusCode);
    }

    /// <summary>The test anchor's bundle is read like the real roots (PemSource): a file that is not there is named by its
    /// setting in the log, the test filing fails without being stored, and real filings are untouched.</summary>
    [Fact]
    public async Task A_test_anchor_bundle_that_cannot_be_read_is_named_by_its_setting_and_real_filings_go_on()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-test-anchor-{Guid.NewGuid():N}.pem");
        await using var app = await env.StartInProcessAppAsync(env.StorageConnectionString, new Dictionary<string, string?>
        {
            ["EFiling__QueueListener"] = "false", ["EFiling__TestMode__TrustedRoots"] = missing,
        });
        var bytes = env.TestAnchorSamples.Valid();
        using (var test = await app.Client.SubmitAsync(bytes, test: true))
            Assert.Equal(HttpStatusCode.InternalServerError, test.StatusCode);
        Assert.Contains($"EFiling:TestMode:TrustedRoots: no such file \"{missing}\"", app.Output);
        Assert.False((await Container(env.Storage, StorageNames.Default.Containers.TestFilings)
            .GetBlobClient(FilingKeys.DocumentBlob(Convert.ToHexStringLower(SHA256.HashData(bytes)))).ExistsAsync()).Value);
        using var real = await app.Client.SubmitAsync(env.Samples.Valid());
        Assert.Equal(HttpStatusCode.Accepted, real.StatusCode);
    }

    /// <summary>No document blob, filing row, id pointer or history row of the test filing where real filings live.</summary>
    private async Task AssertNowhereRealAsync(string id, string sha256)
    {
        var names = StorageNames.Default;
        Assert.False((await Container(env.Storage, names.Containers.Filings).GetBlobClient(FilingKeys.DocumentBlob(sha256)).ExistsAsync()).Value);
        Assert.Null(await new FilingIndex(env.Storage, names).FindByIdAsync(id));
        var filings = env.Storage.Tables.GetTableClient(names.Tables.Filings);
        Assert.Empty(await filings.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {id}")).ToListAsync());
        var history = env.Storage.Tables.GetTableClient(names.Tables.FilingHistory);
        Assert.Empty(await history.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}")).ToListAsync());
        var outbox = env.Storage.Tables.GetTableClient(names.Tables.Outbox);
        Assert.Empty(await outbox.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {id}")).ToListAsync());
    }

    private Task<HttpResponseMessage> SendAsync(byte[] bytes, string testHeader)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/filings") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/xml");
        request.Headers.Add("X-EFiling-Test", testHeader);
        return Client.SendAsync(request);
    }

    private static Azure.Storage.Blobs.BlobContainerClient Container(StorageClients storage, string name) => storage.Blobs.GetBlobContainerClient(name);

    private bool Verify(XmlDocument receipt)
    {
        var signed = new SignedXml(receipt);
        signed.LoadXml((XmlElement)receipt.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl)[0]!);
        return signed.CheckSignature(env.Pki.ReceiptSigning, verifySignatureOnly: true);
    }

    private static XmlDocument Load(byte[] bytes)
    {
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.Load(new MemoryStream(bytes));
        return doc;
    }

    private static string Text(XmlDocument doc, string name) => doc.GetElementsByTagName(name, ReceiptNs)[0]!.InnerText;
}
