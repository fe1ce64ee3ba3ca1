using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Storage;
using static EFiling.Review.Tests.ReviewEnvironment;

namespace EFiling.Review.Tests;

/// <summary>
/// Issue 14, item 4: an officer's decision is a status change too, and reaches the vendor's webhook (the one that sent
/// the filing with its function key), after reconciliation's own decision and once.
/// </summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewWebhookTests(ReviewEnvironment env)
{
    [Fact]
    public async Task An_officers_decision_is_pushed_to_the_vendor_once()
    {
        await using var own = await env.StartOwnAppAsync(new Dictionary<string, string?>
        {
            ["EFiling__Auth__Mode"] = "Development",
            ["EFiling__Webhooks__AllowPrivateAddresses"] = "true",
            ["EFiling__Webhooks__PollingInterval"] = "00:00:00.1",
        });
        await using var receiver = await WebhookReceiver.StartAsync(FreePort.Next());
        const string key = "vendor-review-webhook";
        using var subscribe = new HttpRequestMessage(HttpMethod.Post, "/api/subscriptions") { Content = JsonContent.Create(new { url = receiver.Url }) };
        subscribe.Headers.Add("x-functions-key", key);
        using var subscribed = await own.App.Client.SendAsync(subscribe);
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/filings") { Content = new ByteArrayContent(env.Samples.Declaration(OfficeA)) };
        submit.Content.Headers.ContentType = new("application/xml");
        submit.Headers.Accept.ParseAdd("application/json");
        submit.Headers.Add("x-functions-key", key);
        using var submitted = await own.App.Client.SendAsync(submit);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (string)(await submitted.JsonAsync())["id"]!;

        // Reconciliation decides (the registry of this app is empty: Rejected) and that change is pushed first.
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30));
        var first = receiver.Received.Single().Json;
        Assert.Equal(id, (string?)first["filingId"]);
        Assert.Equal(2, (int?)first["step"]);

        // Put it before an officer, as the review tests do, and let the officer accept it.
        var filings = own.Clients.Tables.GetTableClient(StorageNames.Default.Tables.Filings);
        var partition = (await new FilingIndex(own.Clients, StorageNames.Default).FindByIdAsync(id))!.PartitionKey;
        await filings.UpdateEntityAsync(new TableEntity(partition, id) { ["Status"] = "NeedsReview" }, Azure.ETag.All, TableUpdateMode.Merge);
        using var officer = await env.SignInAsync(OfficerA, own.App);
        using var seen = await officer.GetAsync($"/api/review/filings/{id}");
        using var decided = await officer.SendAsync(ReviewAccessTests.Decision(id, "accept", null, seen.Headers.ETag!.ToString()));
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync());

        await receiver.WaitForAsync(2, TimeSpan.FromSeconds(30));
        var second = receiver.Received.Last().Json;
        Assert.Equal(id, (string?)second["filingId"]);
        Assert.Equal("Accepted", (string?)second["status"]);
        Assert.Equal(3, (int?)second["step"]);
        Assert.Equal(2, receiver.Received.Select(d => d.EventId).Distinct().Count());
    }
}
