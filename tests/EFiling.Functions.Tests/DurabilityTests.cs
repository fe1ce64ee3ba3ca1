using System.Net;
using System.Security.Cryptography;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.ServiceDefaults;
using EFiling.Storage;

namespace EFiling.Functions.Tests;

/// <summary>
/// Nothing acknowledged is lost: a queue outage is healed by the sweep (the outbox keeps the message the queue did not
/// take); a crash after the blob (before the message) by resending the same bytes, which the client does since it got
/// no answer; a crash after the message (before the row) by reconciliation, which writes the row the message describes.
/// Rows an earlier version left in the outbox are completed from the bytes. Each test gets its own storage and app, so
/// no other app's sweep or listener can do the work for it.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DurabilityTests(TestEnvironment env)
{
    [Fact]
    public async Task A_filing_acknowledged_during_a_queue_outage_is_reconciled_when_the_queue_returns()
    {
        await using var tablesAndBlobs = await Azurite.StartAsync();
        await using var queue = await Azurite.StartQueueOnlyAsync();
        var storage = StorageConnection.WithQueueEndpoint(tablesAndBlobs.ConnectionString, Azurite.Endpoint(queue.QueuePort!.Value));
        await using var app = await env.StartAppAsync(storage);
        var outbox = new Outbox(StorageClients.FromConnectionString(storage), StorageNames.Default);

        // Before the outage the whole path works.
        var before = await SubmitAsync(app, env.Samples.Valid(), HttpStatusCode.Accepted);
        await app.WaitForStatusAsync(before, "Accepted", TimeSpan.FromSeconds(20));

        await queue.StopAsync();
        var id = await SubmitAsync(app, env.Samples.Valid(), HttpStatusCode.Accepted);
        Assert.True(await outbox.ContainsAsync(id), "the unsent message is kept in the outbox");
        await Task.Delay(TimeSpan.FromSeconds(3)); // several sweeps fail meanwhile
        var during = await app.Client.GetFromJsonNodeAsync($"/api/filings/{id}");
        Assert.Equal("Received", (string?)during["status"]);
        using (var receipt = await app.Client.GetAsync($"/api/filings/{id}/receipt"))
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);

        await queue.RestartAsync();
        var after = await app.WaitForStatusAsync(id, "Accepted", TimeSpan.FromSeconds(30));
        Assert.Equal(["Received", "Accepted"], after["history"]!.AsArray().Select(h => (string)h!["status"]!));
        Assert.False(await outbox.ContainsAsync(id), "the outbox row is removed once the message is sent");
    }

    [Fact]
    public async Task A_crash_after_the_blob_acknowledges_nothing_and_the_resubmission_completes_the_filing_with_its_first_receipt()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartInProcessAppAsync(azurite.ConnectionString, crashAt: FaultInjection.AfterDocument);
        var documents = new DocumentStore(StorageClients.FromConnectionString(azurite.ConnectionString), StorageNames.Default);

        var bytes = env.Samples.Valid();
        using (var crashed = await app.Client.SubmitAsync(bytes, accept: "application/json"))
            Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        // The bytes are stored with their facts, nothing else: no row, no message, nothing acknowledged.
        var stored = await documents.FindDocumentAsync(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.NotNull(stored);
        using (var none = await app.Client.GetAsync($"/api/filings/{stored.Id}/notifications"))
            Assert.Equal(HttpStatusCode.OK, none.StatusCode); // found by id (its document), not decided
        Assert.Equal("Received", (string?)(await app.Client.GetFromJsonNodeAsync($"/api/filings/{stored.Id}"))["status"]);

        // The client sends the same bytes again: the filing the first try stored, with that try's receipt.
        using (var again = await app.Client.SubmitAsync(bytes, accept: "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var receipt = await again.JsonAsync();
            Assert.Equal(stored.Id, (string?)receipt["id"]);
            Assert.Equal(stored.TransactionCode, (string?)receipt["transactionCode"]);
        }
        var status = await app.WaitForStatusAsync(stored.Id, "Accepted", TimeSpan.FromSeconds(30));
        Assert.Equal(["Received", "Accepted"], status["history"]!.AsArray().Select(h => (string)h!["status"]!));
    }

    [Fact]
    public async Task A_crash_after_the_message_is_completed_by_reconciliation_which_writes_the_missing_row()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartInProcessAppAsync(azurite.ConnectionString, crashAt: FaultInjection.AfterMessage);
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString);

        var bytes = env.Samples.Valid();
        using (var crashed = await app.Client.SubmitAsync(bytes, accept: "application/json"))
            Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        var stored = (await new DocumentStore(clients, StorageNames.Default).FindDocumentAsync(Convert.ToHexStringLower(SHA256.HashData(bytes))))!;

        // Nobody sends it again: the message alone brings the filing in and decides it.
        var status = await app.WaitForStatusAsync(stored.Id, "Accepted", TimeSpan.FromSeconds(30));
        Assert.Equal(["Received", "Accepted"], status["history"]!.AsArray().Select(h => (string)h!["status"]!));
        Assert.Equal(stored.TransactionCode, (string?)status["receipt"]!["transactionCode"]);
        // A later resend gets that filing's receipt.
        Assert.Equal(stored.Id, await SubmitAsync(app, bytes, HttpStatusCode.OK));
    }

    [Fact]
    public async Task A_document_an_earlier_version_left_without_its_index_rows_is_completed_by_the_sweep()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartAppAsync(azurite.ConnectionString);
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString);

        // What a crash of an earlier version right after the blob write left behind: the outbox row it wrote before the
        // bytes, the bytes and their facts, nothing else.
        var bytes = env.Samples.Valid();
        var facts = CrashedFacts(bytes);
        await StoreAsIfCrashedAsync(clients, facts, bytes);

        var status = await app.WaitForStatusAsync(facts.Id, "Accepted", TimeSpan.FromSeconds(30));
        Assert.Equal(facts.TransactionCode, (string?)status["receipt"]!["transactionCode"]);
        using (var receipt = await app.Client.GetAsync($"/api/filings/{facts.Id}/receipt"))
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);

        // The recovered filing is the one a resubmission finds.
        Assert.Equal(facts.Id, await SubmitAsync(app, bytes, HttpStatusCode.OK));
    }

    [Fact]
    public async Task The_sweep_keeps_the_findings_a_submission_keeps()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartAppAsync(azurite.ConnectionString);
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString);

        // A stored document that now breaks reject-level rules (as if the rules changed after it was received) and
        // has a review-level finding (GTGT-021): the sweep keeps the review finding, as a submission would, and
        // drops the rejects, which would otherwise have refused a filing the intake had acknowledged.
        var bytes = env.Samples.Make(doc => { DeclarationSamples.Set(doc, "ct21", "1"); DeclarationSamples.Set(doc, "ct27", "1"); });
        var facts = CrashedFacts(bytes);
        await StoreAsIfCrashedAsync(clients, facts, bytes);

        var status = await app.WaitForStatusAsync(facts.Id, "NeedsReview", TimeSpan.FromSeconds(30));
        Assert.Equal(["GTGT-021"], ReconciliationTests.Codes(status));
        Assert.Contains($"Sweep: filing {facts.Id} no longer passes intake (GTGT-027", app.Output);
    }

    /// <summary>A filing stored before intake recorded its verified signer (here: a blob written by that version, completed
    /// by the sweep) is not checked against KeyInfo's first certificate: it goes to an officer with a code that says why.</summary>
    [Fact]
    public async Task A_filing_stored_without_a_signer_record_goes_to_review_instead_of_reading_KeyInfo()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartAppAsync(azurite.ConnectionString);
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString);

        // Signed by the registered certificate of an active taxpayer: read from KeyInfo, it would be accepted.
        var bytes = env.Samples.Valid();
        var facts = CrashedFacts(bytes) with { Signer = null };
        await StoreAsIfCrashedAsync(clients, facts, bytes);

        var status = await app.WaitForStatusAsync(facts.Id, "NeedsReview", TimeSpan.FromSeconds(30));
        Assert.Equal(["REC_SIGNER_NOT_RECORDED"], ReconciliationTests.Codes(status));
        Assert.Null(status["signer"]);
    }

    [Fact]
    public async Task Outbox_rows_without_their_bytes_are_dropped_and_leave_the_owner_alone()
    {
        await using var azurite = await Azurite.StartAsync();
        // Grace 1 s: a row without any bytes is dropped after ten graces (a slow upload may still be under way).
        await using var app = await env.StartAppAsync(azurite.ConnectionString, new Dictionary<string, string?> { ["EFiling__SweepGrace"] = "00:00:01" });
        var clients = StorageClients.FromConnectionString(azurite.ConnectionString);
        var outbox = new Outbox(clients, StorageNames.Default);

        // A filing taken in normally, and the row a concurrent identical submission of an earlier version left (it lost
        // the blob race and stopped before dropping its row): the bytes belong to the first.
        var bytes = env.Samples.Valid();
        var owner = await SubmitAsync(app, bytes, HttpStatusCode.Accepted);
        var loser = CrashedFacts(bytes);
        await outbox.AddPendingAsync(loser);
        // And the row of a submission that stopped before storing its bytes: never acknowledged, nothing to complete.
        var neverStored = CrashedFacts(env.Samples.Valid());
        await outbox.AddPendingAsync(neverStored);

        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (await outbox.ContainsAsync(loser.Id) || await outbox.ContainsAsync(neverStored.Id))
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweep left the rows\n" + app.Output);
            await Task.Delay(500);
        }
        Assert.Equal("Accepted", (string?)(await app.WaitForStatusAsync(owner, "Accepted", TimeSpan.FromSeconds(20)))["status"]);
        foreach (var id in new[] { loser.Id, neverStored.Id })
            using (var missing = await app.Client.GetAsync($"/api/filings/{id}"))
                Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_submission_while_storage_is_down_is_answered_503_storage_unavailable_and_leaves_nothing()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = await env.StartAppAsync(azurite.ConnectionString);
        await SubmitAsync(app, env.Samples.Valid(), HttpStatusCode.Accepted); // storage set up and working

        // Nothing listens any more: the storage SDK's retries end in an AggregateException of connection failures,
        // not a RequestFailedException. Clients must be told "send again later", not "server error".
        await azurite.StopAsync();
        var bytes = env.Samples.Valid();
        using (var response = await app.Client.SubmitAsync(bytes, accept: "application/json"))
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {body}\n{app.OutputTail()}");
            Assert.Equal("STORAGE_UNAVAILABLE", (string?)(await response.JsonAsync())["errors"]![0]!["code"]);
            Assert.Equal("30", response.Headers.RetryAfter?.ToString());
        }

        await azurite.RestartAsync();
        var documents = new DocumentStore(StorageClients.FromConnectionString(azurite.ConnectionString), StorageNames.Default);
        Assert.Null(await documents.FindDocumentAsync(Convert.ToHexStringLower(SHA256.HashData(bytes))));
    }

    /// <summary>What a submission of an earlier version had written when it stopped right after the blob: its outbox row
    /// (written first, without a message), then the bytes.</summary>
    private static async Task StoreAsIfCrashedAsync(StorageClients clients, FilingFacts facts, byte[] bytes)
    {
        await StorageProvisioner.EnsureCreatedAsync(clients, StorageNames.Default);
        await new Outbox(clients, StorageNames.Default).AddPendingAsync(facts);
        Assert.True((await new DocumentStore(clients, StorageNames.Default).CreateDocumentAsync(facts, bytes)).Created);
    }

    /// <summary>The facts a submission of an earlier version had written into the blob's metadata before it stopped, with
    /// the signer it verified (every sample is signed by the first valid taxpayer) and the period the document states
    /// (each sample has its own quarter), under an id of that version (a version-7 GUID, which does not name the document).</summary>
    private FilingFacts CrashedFacts(byte[] bytes)
    {
        var period = System.Text.RegularExpressions.Regex.Match(System.Text.Encoding.UTF8.GetString(bytes), "<kyKKhai>([1-4])/([0-9]{4})</kyKKhai>");
        var (quarter, year) = (period.Groups[1].Value, period.Groups[2].Value);
        return new()
    {
        Id = Guid.CreateVersion7().ToString("N"), TransactionCode = "EF20251020101542-0000CRA5",
        ReceivedAtUtc = DateTimeOffset.UnixEpoch.AddMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds()),
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        Form = "01/GTGT", MaTKhai = "842", Mst = env.Pki.FirstOf(Signing.DevCertificateKind.Valid).Mst,
        PeriodKind = "Q", Period = $"{quarter}/{year}", PeriodKey = $"{year}-Q{quarter}", FilingKind = "C", AmendmentNumber = 0,
        Office = "10100", OfficeName = "Thuế Thành phố Hà Nội",
        Signer = SignerRecordTests.RecordOf(env.Pki.FirstOf(Signing.DevCertificateKind.Valid).Certificate),
    };
    }

    private static async Task<string> SubmitAsync(ITestApp app, byte[] bytes, HttpStatusCode expected)
    {
        using var response = await app.Client.SubmitAsync(bytes, accept: "application/json");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}\n{app.Output}");
        return (string)(await response.JsonAsync())["id"]!;
    }
}
