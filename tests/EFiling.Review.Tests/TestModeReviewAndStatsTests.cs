using System.Net;
using System.Text.Json.Nodes;
using EFiling.Functions.Tests.Infrastructure;
using static EFiling.Review.Tests.ReviewEnvironment;

namespace EFiling.Review.Tests;

/// <summary>
/// Issue 14, item 3: test filings never reach the statistics or the review queue. On an app and an Azurite of its own
/// (so every figure and queue entry is this test's): test filings, then one real filing; once that real one is decided
/// and counted, GET /api/stats counts exactly it, and the review queue lists exactly it. The test filings were sent first:
/// had they gone the real filings' way (the queue), they would have been counted before it.
/// </summary>
[Collection(ReviewCollection.Name)]
public sealed class TestModeReviewAndStatsTests(ReviewEnvironment env)
{
    [Fact]
    public async Task Test_filings_change_neither_the_statistics_nor_the_review_queue()
    {
        await using var own = await env.StartOwnAppAsync(new Dictionary<string, string?> { ["EFiling__Auth__Mode"] = "Development" });
        var client = own.App.Client;
        Assert.Equal(0, await TaxOnlineFilingsAsync(client));

        var testIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await SubmitTestAsync(client, env.Samples.Declaration(OfficeA));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var receipt = await response.JsonAsync();
            Assert.True((bool?)receipt["test"]);
            testIds.Add((string)receipt["id"]!);
        }

        // One real filing, decided and put in the review queue as FilingAsync does.
        var realId = await env.FilingAsync(env.Samples.Declaration(OfficeA), "NeedsReview", on: own);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await TaxOnlineFilingsAsync(client) == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The real filing was never counted.");
            await Task.Delay(200);
        }
        Assert.Equal(1, await TaxOnlineFilingsAsync(client));

        using var admin = await env.SignInAsync(Administrator, own.App);
        foreach (var status in new[] { "NeedsReview", "Rejected", "Failed", "Late" })
        {
            var listed = await ReviewAccessTests.ListIdsAsync(admin, $"/api/review/filings?status={status}&pageSize=100");
            string[] expected = status == "NeedsReview" ? [realId] : [];
            Assert.Equal(expected, listed);
        }
        foreach (var id in testIds)
        {
            using var read = await admin.GetAsync($"/api/review/filings/{id}");
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
            // The vendor still reads its test filing.
            Assert.True((bool?)(await client.GetFromJsonNodeAsync($"/api/filings/{id}"))["test"]);
        }
    }

    private static Task<HttpResponseMessage> SubmitTestAsync(HttpClient client, byte[] declaration)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/filings") { Content = new ByteArrayContent(declaration) };
        request.Content.Headers.ContentType = new("application/xml");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Add("X-EFiling-Test", "true");
        return client.SendAsync(request);
    }

    /// <summary>Online tax filings counted this year in the nation (the numerator of tax-online).</summary>
    private static async Task<long> TaxOnlineFilingsAsync(HttpClient client)
    {
        var stats = await client.GetFromJsonNodeAsync("/api/stats?indicator=tax-online");
        var indicator = stats["indicators"]!.AsArray().Single(i => (string?)i!["id"] == "tax-online")!;
        return (long?)indicator["total"]!["numerator"] ?? 0;
    }
}
