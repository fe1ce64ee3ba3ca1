using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Schema;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Storage;

namespace EFiling.Functions.Tests;

/// <summary>Submitting a good declaration: the receipt, the stored filing, resubmission, concurrency, reconciliation.</summary>
[Collection(AppCollection.Name)]
public sealed class SubmitTests(TestEnvironment env)
{
    private const string ReceiptNs = "urn:efiling:vn:thongbao:v1";
    private HttpClient Client => env.App.Client;

    [Fact]
    public async Task A_valid_declaration_gets_202_with_a_signed_schema_valid_receipt()
    {
        var bytes = env.Samples.Valid();
        using var response = await Client.SubmitAsync(bytes);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var receipt = LoadReceipt(await response.Content.ReadAsByteArrayAsync());
        var id = Text(receipt, "maHoSo");
        Assert.Equal($"/api/filings/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), Text(receipt, "sha256"));
        Assert.Equal("01/GTGT", Text(receipt, "maMau"));
        Assert.Equal(env.Pki.FirstOf(Signing.DevCertificateKind.Valid).Mst, Text(receipt, "mst"));
        Assert.Matches(@"^[1-4]/2[0-9]{3}$", Text(receipt, "kyKKhai")); // each sample has its own quarter
        Assert.Equal("10100", Text(receipt, "maCQ"));
        Assert.NotEmpty(Text(receipt, "maGiaoDich"));
        var utc = DateTimeOffset.Parse(Text(receipt, "thoiDiemNhanUtc"));
        var vietnam = Text(receipt, "thoiDiemNhan");
        Assert.EndsWith("+07:00", vietnam);
        Assert.Equal(utc, DateTimeOffset.Parse(vietnam));
        Assert.True(DateTimeOffset.UtcNow - utc < TimeSpan.FromMinutes(1));

        // Signed by the service's receipt certificate, over the NoiDung part.
        var signed = new SignedXml(receipt);
        signed.LoadXml((XmlElement)receipt.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl)[0]!);
        Assert.True(signed.CheckSignature(env.Pki.ReceiptSigning, verifySignatureOnly: true));
    }

    [Fact]
    public async Task A_chunked_declaration_is_taken_in_byte_for_byte()
    {
        // No Content-Length (a client streaming its body): read through the pooled buffer, not the sized array.
        var bytes = env.Samples.Valid();
        var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/filings") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), (string?)(await response.JsonAsync())["sha256"]);
    }

    [Fact]
    public async Task Accept_json_returns_the_same_facts_as_json()
    {
        var bytes = env.Samples.Valid();
        using var response = await Client.SubmitAsync(bytes, accept: "application/json");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var json = await response.JsonAsync();
        var id = (string)json["id"]!;
        Assert.Equal($"/api/filings/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), (string?)json["sha256"]);
        Assert.Equal("01/GTGT", (string?)json["form"]);
        Assert.Matches(@"^[1-4]/2[0-9]{3}$", (string?)json["period"]);
        Assert.Equal("10100", (string?)json["office"]);
        Assert.Equal(env.Pki.FirstOf(Signing.DevCertificateKind.Valid).Mst, (string?)json["mst"]);
        Assert.NotNull((string?)json["transactionCode"]);
        Assert.EndsWith("Z", (string?)json["receivedAtUtc"]);
        Assert.EndsWith("+07:00", (string?)json["receivedAtVietnam"]);

        // The stored XML receipt states the same facts.
        using var xml = await Client.GetAsync($"/api/filings/{id}/receipt");
        var receipt = LoadReceipt(await xml.Content.ReadAsByteArrayAsync());
        Assert.Equal((string?)json["transactionCode"], Text(receipt, "maGiaoDich"));
        Assert.Equal((string?)json["receivedAtUtc"], Text(receipt, "thoiDiemNhanUtc"));
        Assert.Equal((string?)json["receivedAtVietnam"], Text(receipt, "thoiDiemNhan"));
    }

    [Fact]
    public async Task The_filing_is_stored_readable_and_reconciled_to_accepted()
    {
        var bytes = env.Samples.Valid();
        using var response = await Client.SubmitAsync(bytes);
        var receiptBytes = await response.Content.ReadAsByteArrayAsync();
        var id = Text(LoadReceipt(receiptBytes), "maHoSo");

        using var document = await Client.GetAsync($"/api/filings/{id}/document");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal(bytes, await document.Content.ReadAsByteArrayAsync());

        using var receipt = await Client.GetAsync($"/api/filings/{id}/receipt");
        Assert.Equal(receiptBytes, await receipt.Content.ReadAsByteArrayAsync());

        var status = await env.App.WaitForStatusAsync(id, "Accepted", TimeSpan.FromSeconds(20));
        Assert.Equal(["Received", "Accepted"], status["history"]!.AsArray().Select(h => (string)h!["status"]!));
        Assert.Equal(id, (string?)status["receipt"]!["id"]);

        // Storage layout: the bytes under their hash with the hash in metadata; one row in the office's period.
        var names = StorageNames.Default;
        var facts = await new DocumentStore(env.Storage, names).FindDocumentAsync(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(id, facts?.Id);
        var rows = new List<FilingEntity>();
        await foreach (var row in new FilingIndex(env.Storage, names).ListPeriodAsync("10100", (string)status["periodKey"]!)) rows.Add(row);
        Assert.Single(rows, r => r.FilingId == id);
    }

    [Fact]
    public async Task Byte_identical_resubmission_gets_200_and_the_same_receipt_and_creates_nothing()
    {
        var bytes = env.Samples.Valid();
        using var first = await Client.SubmitAsync(bytes);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var receipt = await first.Content.ReadAsByteArrayAsync();

        using var again = await Client.SubmitAsync(bytes);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(receipt, await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.Location, again.Headers.Location);

        await AssertOneFilingAsync(Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>The receipt is not stored: it is a pure function of the stored facts, signed with RSA PKCS#1 v1.5, which
    /// is deterministic. Made again from the facts read back from the document's metadata, by another signer object of
    /// the same certificate, it is byte for byte the one the submission got.</summary>
    [Fact]
    public async Task The_receipt_made_again_from_the_stored_facts_is_byte_identical()
    {
        var bytes = env.Samples.Valid();
        using var response = await Client.SubmitAsync(bytes);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answered = await response.Content.ReadAsByteArrayAsync();

        var facts = (await new DocumentStore(env.Storage, StorageNames.Default).FindDocumentAsync(Convert.ToHexStringLower(SHA256.HashData(bytes))))!;
        var m = env.Pki.Manifest;
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(env.Pki.PathOf(m.ReceiptSigning.File), m.ReceiptSigning.Password);
        var remade = new EFiling.Receipts.ReceiptDocument(() => new Signing.XmlSigner(certificate)).Create(facts);
        Assert.Equal(answered, remade.ToArray());
        // And as the API gives it, any number of times.
        Assert.Equal(answered, await Client.GetByteArrayAsync($"/api/filings/{facts.Id}/receipt"));
        Assert.Equal(answered, await Client.GetByteArrayAsync($"/api/filings/{facts.Id}/receipt"));
    }

    [Fact]
    public async Task Concurrent_identical_submissions_make_one_filing()
    {
        var bytes = env.Samples.Valid();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Client.SubmitAsync(bytes, accept: "application/json")));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, r.StatusCode.ToString()));
        var ids = await Task.WhenAll(responses.Select(async r => (string)(await r.JsonAsync())["id"]!));
        Assert.Single(ids.Distinct());
        foreach (var r in responses) r.Dispose();

        await AssertOneFilingAsync(Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public async Task A_filing_with_review_findings_is_reconciled_to_needs_review()
    {
        using var response = await Client.SubmitAsync(env.Samples.NeedsReview(), accept: "application/json");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (string)(await response.JsonAsync())["id"]!;
        var status = await env.App.WaitForStatusAsync(id, "NeedsReview", TimeSpan.FromSeconds(20));
        Assert.Contains(status["findings"]!.AsArray(), f => (string?)f!["code"] == "GTGT-021");
    }

    [Theory]
    [InlineData("/api/filings/0123456789abcdef0123456789abcdef")]
    [InlineData("/api/filings/not-an-id/receipt")]
    [InlineData("/api/filings/0123456789abcdef0123456789abcdef/document")]
    public async Task An_unknown_filing_is_404_problem_json(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("FILING_NOT_FOUND", (string?)(await response.JsonAsync())["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task Health_and_openapi_are_served()
    {
        var health = await Client.GetFromJsonNodeAsync("/api/health");
        Assert.Equal("Healthy", (string?)health["status"]);
        Assert.Equal("standalone", (string?)health["mode"]);
        Assert.False(string.IsNullOrEmpty((string?)health["version"]));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Client.PostAsync("/api/health", null)).StatusCode);

        var openapi = await Client.GetFromJsonNodeAsync("/api/openapi.json");
        Assert.StartsWith("3.", (string?)openapi["openapi"]);
        var paths = openapi["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "/api/filings", "/api/filings/{id}", "/api/filings/{id}/receipt", "/api/filings/{id}/document", "/api/health" }, paths);
        var responses = openapi["paths"]!["/api/filings"]!["post"]!["responses"]!.AsObject().Select(r => r.Key);
        Assert.Superset(new HashSet<string> { "200", "202", "400", "413", "415", "422" }, responses.ToHashSet());
    }

    private async Task AssertOneFilingAsync(string sha256)
    {
        var index = new FilingIndex(env.Storage, StorageNames.Default);
        var filing = await index.FindByHashAsync(sha256);
        Assert.NotNull(filing);
        var rows = new List<FilingEntity>();
        await foreach (var row in index.ListPeriodAsync("10100", filing.PeriodKey))
            if (row.Sha256 == sha256) rows.Add(row);
        Assert.Single(rows);
    }

    private static XmlDocument LoadReceipt(byte[] bytes)
    {
        var schemas = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        schemas.Add(ReceiptNs, Repo.Path("schemas", "notifications", "receipt.xsd"));
        var doc = new XmlDocument { PreserveWhitespace = true, Schemas = schemas };
        using (var stream = new MemoryStream(bytes)) doc.Load(stream);
        Assert.Equal("ThongBaoTiepNhan", doc.DocumentElement!.LocalName);
        doc.Validate((_, e) => Assert.Fail($"Receipt does not follow receipt.xsd: {e.Message}"));
        return doc;
    }

    private static string Text(XmlDocument doc, string name) =>
        doc.GetElementsByTagName(name, ReceiptNs)[0]?.InnerText ?? throw new Xunit.Sdk.XunitException($"Receipt has no {name}");
}
