using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Schema;
using EFiling.Functions.Tests.Infrastructure;
using static EFiling.Review.Tests.ReviewAccessTests;
using static EFiling.Review.Tests.ReviewEnvironment;

namespace EFiling.Review.Tests;

/// <summary>Decisions: ETag conflicts, the signed notice (notice.xsd), history and the append-only audit.</summary>
[Collection(ReviewCollection.Name)]
public sealed class ReviewDecisionTests(ReviewEnvironment env)
{
    [Fact]
    public async Task Two_officers_deciding_at_once_one_wins_and_the_other_gets_412_then_409()
    {
        var id = await env.FilingAsync(OfficeA);
        using var first = await env.SignInAsync(OfficerA);
        using var second = await env.SignInAsync(OfficerA2);
        using var seen = await first.GetAsync($"/api/review/filings/{id}");
        var etag = seen.Headers.ETag!.ToString();

        // Both send the decision made on the same version of the filing, at the same time.
        var answers = await Task.WhenAll(
            first.SendAsync(Decision(id, "reject", "Doanh thu không khớp hoá đơn", etag)),
            second.SendAsync(Decision(id, "accept", null, etag)));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], answers.Select(a => a.StatusCode).Order());
        var loser = answers.Single(a => a.StatusCode == HttpStatusCode.PreconditionFailed);
        Assert.Equal("FILING_CHANGED", (string?)(await loser.JsonAsync())["errors"]![0]!["code"]);

        // The loser, with the current ETag: the filing is decided already, a conflict, not an overwrite. (The winner
        // sending its own decision again would be a retry of the same request, answered 200.)
        var loserIsFirst = answers[0].StatusCode == HttpStatusCode.PreconditionFailed;
        var (loserClient, loserAction, loserReason) = loserIsFirst ? (first, "reject", "Doanh thu không khớp hoá đơn") : (second, "accept", (string?)null);
        using var now = await loserClient.GetAsync($"/api/review/filings/{id}");
        var after = await now.JsonAsync();
        using var again = await loserClient.SendAsync(Decision(id, loserAction, loserReason, now.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("FILING_NOT_ACTIONABLE", (string?)(await again.JsonAsync())["errors"]![0]!["code"]);
        Assert.Single(after["audit"]!.AsArray());
        foreach (var a in answers) a.Dispose();
    }

    [Fact]
    public async Task A_decision_without_If_Match_is_refused_with_428_and_a_rejection_needs_a_reason()
    {
        var id = await env.FilingAsync(OfficeA);
        using var officer = await env.SignInAsync(OfficerA);
        using var noIfMatch = await officer.SendAsync(Decision(id, "accept", null, null));
        Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);
        using var noReason = await officer.SendAsync(Decision(id, "reject", "  ", "*"));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("REASON_REQUIRED", (string?)(await noReason.JsonAsync())["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task Rejecting_writes_history_audit_and_a_signed_notice_that_follows_notice_xsd()
    {
        var id = await env.FilingAsync(OfficeA);
        using var officer = await env.SignInAsync(OfficerA);
        using var seen = await officer.GetAsync($"/api/review/filings/{id}");
        using var decided = await officer.SendAsync(Decision(id, "reject", "Thiếu bảng kê hoá đơn", seen.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var result = await decided.JsonAsync();
        Assert.Equal("Rejected", (string?)result["status"]);

        var filing = await (await officer.GetAsync($"/api/review/filings/{id}")).JsonAsync();
        Assert.Equal("Rejected", (string?)filing["status"]);
        var audit = filing["audit"]!.AsArray().Single()!;
        Assert.Equal(OfficerA, (string?)audit["who"]);
        Assert.Equal("reject", (string?)audit["action"]);
        Assert.Equal("NeedsReview", (string?)audit["statusBefore"]);
        Assert.Equal("Rejected", (string?)audit["statusAfter"]);
        Assert.Equal("Thiếu bảng kê hoá đơn", (string?)audit["reason"]);
        Assert.Contains(filing["history"]!.AsArray(), h => (string?)h!["status"] == "Rejected" && ((string?)h["note"])!.Contains("Thiếu bảng kê"));
        Assert.Empty(filing["decisions"]!.AsArray());

        using var notice = await officer.GetAsync((string)result["noticeHref"]!);
        Assert.Equal(HttpStatusCode.OK, notice.StatusCode);
        var xml = await notice.Content.ReadAsByteArrayAsync();
        var doc = Validate(xml);
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("t", "urn:efiling:vn:thongbao:v1");
        Assert.Equal("Rejected", doc.SelectSingleNode("//t:ketQua", ns)!.InnerText);
        Assert.Equal(id, doc.SelectSingleNode("//t:maHoSo", ns)!.InnerText);
        Assert.Equal("Thiếu bảng kê hoá đơn", doc.SelectSingleNode("//t:lyDo", ns)!.InnerText);

        // Signed by the service: the receipt-signing certificate verifies it.
        var signed = new System.Security.Cryptography.Xml.SignedXml(doc);
        signed.LoadXml((XmlElement)doc.GetElementsByTagName("Signature", "http://www.w3.org/2000/09/xmldsig#")[0]!);
        Assert.True(signed.CheckSignature(env.Pki.ReceiptSigning, verifySignatureOnly: true));

        // The audit table only grows: an entry for the same step cannot be written twice.
        var table = env.Clients.Tables.GetTableClient(EFiling.Storage.StorageNames.Default.Tables.Audit);
        var rows = table.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == id);
        var row = await rows.FirstAsync();
        var duplicate = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => table.AddEntityAsync(new Azure.Data.Tables.TableEntity(id, row.RowKey)));
        Assert.Equal(409, duplicate.Status);
    }

    [Fact]
    public async Task The_queue_pages_with_continuation_tokens_filters_and_counts()
    {
        var mst = env.Pki.Taxpayers.Where(t => t.Kind == EFiling.Signing.DevCertificateKind.Valid).Select(t => t.Mst).Skip(1).First();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await env.FilingAsync(OfficeA, "NeedsReview", daysLate: i == 0 ? 4 : 0, mst: mst));
        using var officer = await env.SignInAsync(OfficerA);

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            using var response = await officer.GetAsync($"/api/review/filings?status=NeedsReview&mst={mst}&pageSize=2" + (token is null ? "" : $"&continuationToken={token}"));
            var page = await response.JsonAsync();
            Assert.True(page["items"]!.AsArray().Count <= 2);
            if (pages == 0)
            {
                Assert.Equal(3, (int)page["counts"]!["NeedsReview"]!);
                Assert.Equal(1, (int)page["counts"]!["Late"]!);
            }
            seen.AddRange(page["items"]!.AsArray().Select(i => (string)i!["id"]!));
            token = (string?)page["continuationToken"];
            pages++;
        } while (token is not null && pages < 10);
        Assert.Equal(ids.Order(), seen.Order());
        Assert.True(pages >= 2);

        Assert.Equal([ids[0]], await ListIdsAsync(officer, $"/api/review/filings?status=Late&mst={mst}"));
        Assert.Empty(await ListIdsAsync(officer, $"/api/review/filings?status=NeedsReview&mst={mst}&form=03/TNDN"));
        using var forged = await officer.GetAsync("/api/review/filings?continuationToken=not-a-token");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task The_filing_is_rendered_with_labelled_figures_appendix_rows_and_the_certificate()
    {
        var id = await env.FilingAsync(OfficeA);
        using var officer = await env.SignInAsync(OfficerA);
        using var response = await officer.GetAsync($"/api/review/filings/{id}");
        var filing = await response.JsonAsync();
        var declaration = filing["declaration"]!;
        var ct27 = declaration["figures"]!.AsArray().Single(f => (string?)f!["code"] == "ct27")!;
        Assert.Equal("1110000000", (string?)ct27["value"]);
        Assert.Equal("Taxable sales: value", (string?)ct27["label"]!["en"]);
        Assert.True((int)declaration["appendixTotal"]! > 0);
        Assert.Contains(declaration["appendixRows"]![0]!["cells"]!.AsArray(), c => (string?)c!["name"] == "soHDon");
        Assert.Contains(declaration["header"]!.AsArray(), h => (string?)h!["name"] == "taxpayerName");
        Assert.Equal(env.Samples.DefaultMst, (string?)filing["certificate"]!["mst"]);
        Assert.Contains("Issuing", (string?)filing["certificate"]!["issuer"] ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["accept", "reject", "supplementary"], filing["decisions"]!.AsArray().Select(d => (string)d!));

        using var original = await officer.GetAsync((string)filing["links"]!["document"]!);
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Contains(id, await (await officer.GetAsync((string)filing["links"]!["receipt"]!)).Content.ReadAsStringAsync());
    }

    /// <summary>An app that crashes right after committing every decision (crash point AfterReviewDecision), before the
    /// history row, the notice and the audit entry, on storage of its own: these tests assert what is still missing
    /// after the crash, which the shared app's sweep would otherwise complete whenever it got there first. Its sweep
    /// runs every second when asked, else not in the test.</summary>
    private Task<OwnApp> StartCrashingAfterCommitAsync(bool sweep) => env.StartOwnAppAsync(new Dictionary<string, string?>
    {
        ["EFiling__Auth__Mode"] = "Development",
        ["EFiling__SweepInterval"] = sweep ? "00:00:01" : "01:00:00",
        ["EFiling__SweepGrace"] = "00:00:02",
    }, EFiling.ServiceDefaults.FaultInjection.AfterReviewDecision);

    [Fact]
    public async Task A_crash_after_the_decision_is_committed_is_completed_when_the_officer_sends_it_again()
    {
        await using var own = await StartCrashingAfterCommitAsync(sweep: false);
        var app = own.App;
        var id = await env.FilingAsync(OfficeA, on: own);
        using var officer = await env.SignInAsync(OfficerA, app);
        using var seen = await officer.GetAsync($"/api/review/filings/{id}");
        var etag = seen.Headers.ETag!.ToString();
        var before = await seen.JsonAsync();
        const string reason = "Thiếu phụ lục 01-1/GTGT";

        using (var crashed = await officer.SendAsync(Decision(id, "reject", reason, etag)))
            Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        // Committed without its follow-ups, and no longer actionable: nothing else would ever write them.
        var broken = await ReadAsync(officer, id);
        Assert.Equal("Rejected", (string?)broken["status"]);
        Assert.Empty(broken["audit"]!.AsArray());
        Assert.Equal(before["notices"]!.ToJsonString(), broken["notices"]!.ToJsonString());
        Assert.Equal(before["history"]!.ToJsonString(), broken["history"]!.ToJsonString());

        // Another decision on the old ETag is still a conflict, not taken for a retry.
        using (var other = await (await env.SignInAsync(OfficerA2, app)).SendAsync(Decision(id, "accept", null, etag)))
            Assert.Equal(HttpStatusCode.PreconditionFailed, other.StatusCode);

        // The officer sends the same decision again (their page still has the old ETag): they get the answer they
        // missed, and the follow-ups are written once, however often they retry.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var again = await officer.SendAsync(Decision(id, "reject", reason, etag));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var answer = await again.JsonAsync();
            Assert.Equal("Rejected", (string?)answer["status"]);
            Assert.EndsWith("-Rejected", (string?)answer["notice"]);
        }
        await AssertFollowUpsOnceAsync(officer, id, "reject", "Rejected", reason);
        Assert.Contains("Injected fault at AfterReviewDecision", app.Output);   // the 500 was that crash (logged by now)
    }

    [Fact]
    public async Task A_queue_redelivery_after_a_crashed_decision_leaves_the_officers_follow_ups_to_the_review()
    {
        await using var own = await StartCrashingAfterCommitAsync(sweep: false);
        var app = own.App;
        var id = await env.FilingAsync(OfficeA, on: own);
        using var officer = await env.SignInAsync(OfficerA, app);
        using var seen = await officer.GetAsync($"/api/review/filings/{id}");
        var etag = seen.Headers.ETag!.ToString();
        const string reason = "Số thuế được khấu trừ không khớp kỳ trước";
        using (var crashed = await officer.SendAsync(Decision(id, "reject", reason, etag)))
            Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);

        // The filing's filings-received message comes again (at-least-once delivery) while the officer's notice,
        // history row and audit entry are still missing: reconciliation must not write its own under the officer's step.
        var filing = (await new EFiling.Storage.FilingIndex(own.Clients, EFiling.Storage.StorageNames.Default).FindByIdAsync(id))!;
        var (status, _) = await HostInvocation.ReconcileAsync(app, EFiling.Storage.FilingMessage.For(filing.ToFacts()).ToJson(), dequeueCount: 1);
        Assert.Equal(HttpStatusCode.OK, status);

        using (var again = await officer.SendAsync(Decision(id, "reject", reason, etag)))
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await AssertFollowUpsOnceAsync(officer, id, "reject", "Rejected", reason);
    }

    [Fact]
    public async Task A_crash_after_the_decision_is_committed_is_completed_by_the_sweep()
    {
        await using var own = await StartCrashingAfterCommitAsync(sweep: true);
        var app = own.App;
        var id = await env.FilingAsync(OfficeA, on: own);
        using var officer = await env.SignInAsync(OfficerA, app);
        using var seen = await officer.GetAsync($"/api/review/filings/{id}");
        const string reason = "Doanh thu chịu thuế không khớp bảng kê";

        using (var crashed = await officer.SendAsync(Decision(id, "reject", reason, seen.Headers.ETag!.ToString())))
            Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);

        // Nobody asks again: the sweep finds the filing's mark and writes the follow-ups from the filing row.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await ReadAsync(officer, id))["audit"]!.AsArray().Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweep did not complete the decision\n" + app.Output);
            await Task.Delay(250);
        }
        await AssertFollowUpsOnceAsync(officer, id, "reject", "Rejected", reason);

        // And then removes the mark.
        var outbox = own.Clients.Tables.GetTableClient(EFiling.Storage.StorageNames.Default.Tables.Outbox);
        while ((await outbox.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("review-decisions", id)).HasValue)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweep left the mark");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task The_next_decision_completes_a_crashed_supplementary_request_before_overwriting_it()
    {
        await using var own = await StartCrashingAfterCommitAsync(sweep: false);
        var app = own.App;
        var id = await env.FilingAsync(OfficeA, on: own);
        using var officer = await env.SignInAsync(OfficerA, app);
        using var first = await officer.GetAsync($"/api/review/filings/{id}");
        const string reason = "Bổ sung bảng kê hoá đơn tháng 3";

        using (var crashed = await officer.SendAsync(Decision(id, "supplementary", reason, first.Headers.ETag!.ToString())))
            Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        using var second = await officer.GetAsync($"/api/review/filings/{id}");
        var etag = second.Headers.ETag!.ToString();
        Assert.Equal("NeedsReview", (string?)(await second.JsonAsync())["status"]);   // still actionable

        // Accepting later (this app crashes again after that commit, then the retry completes it): the supplementary
        // request's history row, notice and audit entry were written before its record in the row was replaced.
        using (var crashedAgain = await officer.SendAsync(Decision(id, "accept", null, etag)))
            Assert.Equal(HttpStatusCode.InternalServerError, crashedAgain.StatusCode);
        using (var retried = await officer.SendAsync(Decision(id, "accept", null, etag)))
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);

        var filing = await ReadAsync(officer, id);
        Assert.Equal("Accepted", (string?)filing["status"]);
        var audit = filing["audit"]!.AsArray();
        Assert.Equal(["supplementary", "accept"], audit.Select(a => (string)a!["action"]!));
        Assert.Equal(reason, (string?)audit[0]!["reason"]);
        Assert.Equal(["NeedsReview", "Accepted"], audit.Select(a => (string)a!["statusAfter"]!));
        var step = (int)audit[0]!["step"]!;
        Assert.Equal(step + 1, (int)audit[1]!["step"]!);
        var notices = filing["notices"]!.AsArray().Select(n => (string)n!["name"]!).ToList();
        Assert.Contains($"{step:000}-NeedsSupplementary", notices);
        Assert.Contains($"{step + 1:000}-Accepted", notices);
        Assert.Single(filing["history"]!.AsArray(), h => ((string?)h!["note"] ?? "").Contains(reason, StringComparison.Ordinal));
        Assert.Single(filing["history"]!.AsArray(), h => ((string?)h!["note"] ?? "").StartsWith("Accepted by", StringComparison.Ordinal));
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> ReadAsync(HttpClient officer, string id)
    {
        using var response = await officer.GetAsync($"/api/review/filings/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>The decision's history row, audit entry and signed notice each exist once, and say the same thing.</summary>
    private async Task AssertFollowUpsOnceAsync(HttpClient officer, string id, string action, string status, string reason)
    {
        var filing = await ReadAsync(officer, id);
        var entry = Assert.Single(filing["audit"]!.AsArray())!;
        Assert.Equal(action, (string?)entry["action"]);
        Assert.Equal(OfficerA, (string?)entry["who"]);
        Assert.Equal("NeedsReview", (string?)entry["statusBefore"]);
        Assert.Equal(status, (string?)entry["statusAfter"]);
        Assert.Equal(reason, (string?)entry["reason"]);
        var history = Assert.Single(filing["history"]!.AsArray(), h => ((string?)h!["note"] ?? "").Contains(reason, StringComparison.Ordinal))!;
        Assert.Equal(status, (string?)history["status"]);

        // Reconciliation may have issued a notice of its own before the filing was put in NeedsReview.
        var name = $"{(int)entry["step"]!:000}-{status}";
        Assert.Equal(name, (string?)entry["notice"]);
        var notice = Assert.Single(filing["notices"]!.AsArray(), n => (string?)n!["name"] == name)!;
        using var xml = await officer.GetAsync((string)notice["href"]!);
        var doc = Validate(await xml.Content.ReadAsByteArrayAsync());
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("t", "urn:efiling:vn:thongbao:v1");
        Assert.Equal(status, doc.SelectSingleNode("//t:ketQua", ns)!.InnerText);
        Assert.Equal(reason, doc.SelectSingleNode("//t:lyDo", ns)!.InnerText);
    }

    private static XmlDocument Validate(byte[] xml)
    {
        var schemas = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        schemas.Add("urn:efiling:vn:thongbao:v1", Repo.Path("schemas", "notifications", "notice.xsd"));
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas, DtdProcessing = DtdProcessing.Prohibit };
        var errors = new StringBuilder();
        settings.ValidationEventHandler += (_, e) => errors.AppendLine(e.Message);
        var doc = new XmlDocument { PreserveWhitespace = true };
        using (var reader = XmlReader.Create(new MemoryStream(xml), settings)) doc.Load(reader);
        Assert.True(errors.Length == 0, errors.ToString());
        return doc;
    }
}
