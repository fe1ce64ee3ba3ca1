using System.Net;
using System.Security.Cryptography.Xml;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Schema;
using EFiling.Declarations.Identifiers;
using EFiling.Functions.Tests.Fixtures;
using EFiling.Functions.Tests.Infrastructure;
using EFiling.Registry;
using EFiling.Storage;
using static EFiling.Functions.Tests.Fixtures.DeclarationSamples;

namespace EFiling.Functions.Tests;

/// <summary>Every check and outcome of ReconcileFiling, through the real app on Azurite (its own queue listener).</summary>
[Collection(AppCollection.Name)]
public sealed class ReconciliationTests(TestEnvironment env)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private HttpClient Client => env.App.Client;

    [Fact]
    public async Task A_clean_filing_is_accepted_with_a_signed_notice_that_follows_notice_xsd()
    {
        var id = await SubmitAsync(env.Samples.Valid());
        var status = await env.App.WaitForStatusAsync(id, "Accepted", Wait);
        Assert.Equal(0, (int)status["daysLate"]!);

        var list = await Client.GetFromJsonNodeAsync($"/api/filings/{id}/notifications");
        var notice = Assert.Single(list["notifications"]!.AsArray())!;
        Assert.Equal("002-Accepted", (string?)notice["name"]);
        var xml = await Client.GetStringAsync((string)notice["link"]!);
        var doc = ValidNotice(xml);
        Assert.Equal("Accepted", Text(doc, "ketQua"));
        Assert.Equal(id, Text(doc, "maHoSo"));
        var history = status["history"]!.AsArray();
        Assert.Equal(["Received", "Accepted"], history.Select(h => (string)h!["status"]!));
        Assert.Contains("ReconcileFiling", (string?)history[1]!["note"]);
    }

    [Fact]
    public async Task An_unknown_taxpayer_is_rejected_with_a_non_acceptance_notice()
    {
        var id = await SubmitAsync(env.Samples.Make(_ => { }, TestRegistry.Unregistered(env.Pki)));
        var status = await env.App.WaitForStatusAsync(id, "Rejected", Wait);
        Assert.Contains(Codes(status), c => c == "REC_TAXPAYER_UNKNOWN");
        var xml = await Client.GetStringAsync($"/api/filings/{id}/notifications/002-Rejected");
        var doc = ValidNotice(xml);
        Assert.Equal("Rejected", Text(doc, "ketQua"));
        Assert.Equal("REC_TAXPAYER_UNKNOWN", Text(doc, "ma"));
        Assert.NotEmpty(Text(doc, "lyDo"));
    }

    [Fact]
    public async Task A_suspended_taxpayer_is_rejected()
    {
        var id = await SubmitAsync(env.Samples.Make(_ => { }, TestRegistry.Suspended(env.Pki)));
        Assert.Equal(["REC_TAXPAYER_INACTIVE"], Codes(await env.App.WaitForStatusAsync(id, "Rejected", Wait)));
    }

    [Fact]
    public async Task A_closed_taxpayer_is_rejected()
    {
        var closed = TestRegistry.Unregistered(env.Pki);
        await WithTaxpayerAsync(new TaxpayerRecord(closed.Mst, closed.Name, TestRegistry.Office, TaxpayerStatus.Closed, [closed.Certificate.Thumbprint]), async () =>
        {
            var id = await SubmitAsync(env.Samples.Make(_ => { }, closed));
            var status = await env.App.WaitForStatusAsync(id, "Rejected", Wait);
            Assert.Equal(["REC_TAXPAYER_INACTIVE"], Codes(status));
            Assert.Contains("closed", (string?)status["findings"]![0]!["message"]);
        });
    }

    [Fact]
    public async Task A_filing_sent_to_another_office_is_rejected()
    {
        var id = await SubmitAsync(env.Samples.Make(doc => SetOffice(doc, "70100")));
        Assert.Equal(["REC_OFFICE_MISMATCH"], Codes(await env.App.WaitForStatusAsync(id, "Rejected", Wait)));
    }

    [Fact]
    public async Task A_certificate_not_registered_to_the_taxpayer_is_rejected()
    {
        var other = TestRegistry.Unregistered(env.Pki);
        // Registered, but with some other certificate than the one it signs with.
        await WithTaxpayerAsync(new TaxpayerRecord(other.Mst, other.Name, TestRegistry.Office, TaxpayerStatus.Active, [new string('A', 40)]), async () =>
        {
            var id = await SubmitAsync(env.Samples.Make(_ => { }, other));
            Assert.Equal(["REC_CERT_NOT_REGISTERED"], Codes(await env.App.WaitForStatusAsync(id, "Rejected", Wait)));
        });
    }

    [Fact]
    public async Task A_social_insurance_list_needs_its_employer_registered_to_the_same_MST_at_the_same_office()
    {
        var active = TestRegistry.Active(env.Pki);
        var registered = await SubmitAsync(env.Samples.EmployeeList(NewMonth(), TestRegistry.UnitCodeOf(active)));
        var unknown = await SubmitAsync(env.Samples.EmployeeList(NewMonth(), "DV9999999999"));
        var otherMst = await SubmitAsync(env.Samples.EmployeeList(NewMonth(), TestRegistry.UnitCodeOf(TestRegistry.Suspended(env.Pki))));
        var otherOffice = await SubmitAsync(env.Samples.EmployeeList(NewMonth(), TestRegistry.UnitCodeOf(active), office: "KV27"));

        Assert.Empty(Codes(await env.App.WaitForStatusAsync(registered, "Accepted", Wait)));
        Assert.Equal(["REC_EMPLOYER_UNKNOWN"], Codes(await env.App.WaitForStatusAsync(unknown, "Rejected", Wait)));
        var mismatch = await env.App.WaitForStatusAsync(otherMst, "Rejected", Wait);
        Assert.Equal(["REC_EMPLOYER_MST_MISMATCH"], Codes(mismatch));
        Assert.Contains(TestRegistry.Suspended(env.Pki).Mst, (string?)mismatch["findings"]![0]!["message"]);
        Assert.Equal(["REC_OFFICE_MISMATCH"], Codes(await env.App.WaitForStatusAsync(otherOffice, "Rejected", Wait)));
    }

    [Fact]
    public async Task Employee_counts_within_the_tolerance_raise_nothing_across_families()
    {
        var month = NewMonth();
        var list = await SubmitAsync(env.Samples.EmployeeList(month, TestRegistry.UnitCodeOf(TestRegistry.Active(env.Pki))));
        Assert.Empty(Codes(await env.App.WaitForStatusAsync(list, "Accepted", Wait)));
        // 5 against 4: the tolerance is max(1 person, 10 % of 5 rounded up) = 1.
        var pit = await SubmitAsync(env.Samples.Pit(month, EmployeesListed + 1));
        Assert.Empty(Codes(await env.App.WaitForStatusAsync(pit, "Accepted", Wait)));
    }

    [Fact]
    public async Task Employee_counts_beyond_the_tolerance_send_the_later_filing_to_review()
    {
        var month = NewMonth();
        var list = await SubmitAsync(env.Samples.EmployeeList(month, TestRegistry.UnitCodeOf(TestRegistry.Active(env.Pki))));
        await env.App.WaitForStatusAsync(list, "Accepted", Wait);
        var pit = await SubmitAsync(env.Samples.Pit(month, 10));
        var status = await env.App.WaitForStatusAsync(pit, "NeedsReview", Wait);
        Assert.Equal(["REC_EMPLOYEE_COUNT_MISMATCH"], Codes(status));
        var finding = status["findings"]![0]!;
        Assert.Equal("review", (string?)finding["severity"]);
        Assert.Contains($"10 employee(s) here against {EmployeesListed} in D02-LT {list}", (string?)finding["message"]);
    }

    [Fact]
    public async Task A_quarterly_PIT_return_is_compared_with_each_monthly_list_of_its_quarter_and_back()
    {
        var (year, quarter) = NewQuarter();
        var months = Enumerable.Range(0, 3).Select(i => Period.Month(year, (quarter - 1) * 3 + 1 + i)).ToList();
        var unit = TestRegistry.UnitCodeOf(TestRegistry.Active(env.Pki));
        var lists = new List<string>();
        foreach (var month in months.Take(2))
        {
            lists.Add(await SubmitAsync(env.Samples.EmployeeList(month, unit)));
            await env.App.WaitForStatusAsync(lists[^1], "Accepted", Wait);
        }

        // The quarter's return finds both monthly lists filed so far …
        var pit = await SubmitAsync(env.Samples.Pit(Period.Quarter(year, quarter), 10));
        var status = await env.App.WaitForStatusAsync(pit, "NeedsReview", Wait);
        Assert.Equal(["REC_EMPLOYEE_COUNT_MISMATCH", "REC_EMPLOYEE_COUNT_MISMATCH"], Codes(status));
        var messages = status["findings"]!.AsArray().Select(f => (string)f!["message"]!).ToList();
        Assert.All(lists.Zip(months), l => Assert.Contains(messages, m => m.Contains($"D02-LT {l.First} ({l.Second.Key})")));

        // … and the quarter's last list, filed after it, finds the quarterly return.
        var last = await SubmitAsync(env.Samples.EmployeeList(months[2], unit));
        var lastStatus = await env.App.WaitForStatusAsync(last, "NeedsReview", Wait);
        Assert.Equal(["REC_EMPLOYEE_COUNT_MISMATCH"], Codes(lastStatus));
        Assert.Contains($"05/KK-TNCN {pit} ({year:0000}-Q{quarter})", (string?)lastStatus["findings"]![0]!["message"]);
    }

    [Fact]
    public async Task A_VAT_refund_request_goes_to_review_without_a_notice()
    {
        var id = await SubmitAsync(env.Samples.VatRefund());
        var status = await env.App.WaitForStatusAsync(id, "NeedsReview", Wait);
        Assert.Equal(["GTGT-HOAN-THUE"], Codes(status));
        Assert.Equal("review", (string?)status["findings"]![0]!["severity"]);
        Assert.Empty((await Client.GetFromJsonNodeAsync($"/api/filings/{id}/notifications"))["notifications"]!.AsArray());
    }

    [Fact]
    public async Task A_late_original_is_accepted_and_marked_late()
    {
        // Q1 2024 was due on 2024-05-02 (30 April and 1 May are holidays): received now, it is years late.
        var id = await SubmitAsync(env.Samples.Make(doc => SetQuarter(doc, 2024, 1)));
        var status = await env.App.WaitForStatusAsync(id, "Accepted", Wait);
        Assert.Equal(["REC_LATE"], Codes(status));
        var expected = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).DayNumber - new DateOnly(2024, 5, 2).DayNumber;
        Assert.Equal(expected, (int)status["daysLate"]!);
        var doc = ValidNotice(await Client.GetStringAsync($"/api/filings/{id}/notifications/002-Accepted"));
        Assert.Equal("true", Text(doc, "nopCham"));
        Assert.Equal($"{expected}", Text(doc, "soNgayCham"));
    }

    [Fact]
    public async Task A_second_original_before_the_deadline_replaces_the_first_and_after_it_is_refused()
    {
        var (year, quarter) = NewQuarter(); // far ahead: before the deadline
        var first = await SubmitAsync(env.Samples.Make(doc => SetQuarter(doc, year, quarter)));
        await env.App.WaitForStatusAsync(first, "Accepted", Wait);
        var second = await SubmitAsync(env.Samples.Make(doc => SetQuarter(doc, year, quarter)));
        var replacing = await env.App.WaitForStatusAsync(second, "Accepted", Wait);
        Assert.Equal(["REC_ORIGINAL_REPLACED"], Codes(replacing));
        Assert.Equal(first, (string?)replacing["replaces"]);
        // The first one keeps its status and says it was replaced, by whom, in its history.
        var replaced = await Client.GetFromJsonNodeAsync($"/api/filings/{first}");
        Assert.Equal("Accepted", (string?)replaced["status"]);
        Assert.Equal(second, (string?)replaced["replacedBy"]);
        Assert.Equal(["Received", "Accepted", "Replaced"], replaced["history"]!.AsArray().Select(h => (string)h!["status"]!));
        Assert.Equal($"Replaced by {second}", (string?)replaced["history"]![2]!["note"]);

        var late1 = await SubmitAsync(env.Samples.Make(doc => SetQuarter(doc, 2023, 2)));
        await env.App.WaitForStatusAsync(late1, "Accepted", Wait);
        var late2 = await SubmitAsync(env.Samples.Make(doc => SetQuarter(doc, 2023, 2)));
        var refused = await env.App.WaitForStatusAsync(late2, "Rejected", Wait);
        Assert.Equal(["REC_ORIGINAL_AFTER_DEADLINE", "REC_LATE"], Codes(refused));
        Assert.Contains("soLan 1", (string?)refused["findings"]![0]!["message"]);
        // A refused original replaces nothing.
        Assert.Null(refused["replaces"]);
        Assert.Null((await Client.GetFromJsonNodeAsync($"/api/filings/{late1}"))["replacedBy"]);
    }

    [Fact]
    public async Task Supplementaries_need_an_accepted_original_and_consecutive_numbers()
    {
        var (year, quarter) = NewQuarter();
        var original = await SubmitAsync(env.Samples.Make(doc => SetQuarter(doc, year, quarter)));
        await env.App.WaitForStatusAsync(original, "Accepted", Wait);
        var first = await SubmitAsync(env.Samples.Make(doc => { SetQuarter(doc, year, quarter); SetSupplementary(doc, 1); }));
        Assert.Empty(Codes(await env.App.WaitForStatusAsync(first, "Accepted", Wait)));
        var again = await SubmitAsync(env.Samples.Make(doc => { SetQuarter(doc, year, quarter); SetSupplementary(doc, 1); }));
        Assert.Equal(["REC_SUPPLEMENTARY_NUMBER_USED"], Codes(await env.App.WaitForStatusAsync(again, "Rejected", Wait)));
    }

    [Fact]
    public async Task A_supplementary_without_any_original_waits_then_is_refused_never_lost()
    {
        var (year, quarter) = NewQuarter();
        var id = await SubmitAsync(env.Samples.Make(doc => { SetQuarter(doc, year, quarter); SetSupplementary(doc, 1); }));
        // It waits for its original (three deliveries, one second apart in tests), then is decided.
        var status = await env.App.WaitForStatusAsync(id, "Rejected", Wait);
        Assert.Equal(["REC_SUPPLEMENTARY_NO_ORIGINAL"], Codes(status));
    }

    [Fact]
    public async Task A_supplementary_arriving_before_its_predecessor_waits_and_goes_to_review()
    {
        var (year, quarter) = NewQuarter();
        var original = await SubmitAsync(env.Samples.Make(doc => SetQuarter(doc, year, quarter)));
        await env.App.WaitForStatusAsync(original, "Accepted", Wait);
        var third = await SubmitAsync(env.Samples.Make(doc => { SetQuarter(doc, year, quarter); SetSupplementary(doc, 2); }));
        var status = await env.App.WaitForStatusAsync(third, "NeedsReview", Wait);
        Assert.Equal(["REC_SUPPLEMENTARY_OUT_OF_ORDER"], Codes(status));
        // Review waits for an officer: no notice yet.
        var list = await Client.GetFromJsonNodeAsync($"/api/filings/{third}/notifications");
        Assert.Empty(list["notifications"]!.AsArray());
    }

    [Fact]
    public async Task A_supplementary_whose_original_arrives_during_its_wait_is_accepted()
    {
        var (year, quarter) = NewQuarter();
        var supplementary = await SubmitAsync(env.Samples.Make(doc => { SetQuarter(doc, year, quarter); SetSupplementary(doc, 1); }));
        var original = await SubmitAsync(env.Samples.Make(doc => SetQuarter(doc, year, quarter)));
        await env.App.WaitForStatusAsync(original, "Accepted", Wait);
        Assert.Empty(Codes(await env.App.WaitForStatusAsync(supplementary, "Accepted", Wait)));
    }

    [Fact]
    public async Task Figures_far_from_the_taxpayers_history_go_to_review()
    {
        var year = Random.Shared.Next(2150, 2200); // a year of its own (NewQuarter stays far below)
        foreach (var q in new[] { 1, 2 })
            await env.App.WaitForStatusAsync(await SubmitAsync(env.Samples.Make(doc => SetQuarter(doc, year, q))), "Accepted", Wait);
        // Same template figures, ×1000 on every sales figure keeps the arithmetic rules true.
        var id = await SubmitAsync(env.Samples.Make(doc => { SetQuarter(doc, year, 3); ScaleSales(doc, 1000); }));
        var status = await env.App.WaitForStatusAsync(id, "NeedsReview", Wait);
        Assert.Contains("REC_FIGURES_FAR_FROM_HISTORY", Codes(status));
    }

    /// <summary>
    /// Needs the intake to accept a certificate of the DLyThue agent's MST (branch sigprofile: MstCheck and
    /// SignatureVerifier); until then both filings are refused at intake with CERT_MST_MISMATCH (422).
    /// </summary>
    [Fact]
    public async Task An_agent_signed_filing_is_accepted_for_an_engaged_client_and_refused_for_another()
    {
        var agent = TestRegistry.Agent(env.Pki);
        var engaged = await SubmitAsync(env.Samples.AgentSigned(TestRegistry.Active(env.Pki), agent));
        Assert.Empty(Codes(await env.App.WaitForStatusAsync(engaged, "Accepted", Wait)));

        // A registered, active taxpayer the agent has no engagement with.
        var other = TestRegistry.Unregistered(env.Pki);
        await WithTaxpayerAsync(new TaxpayerRecord(other.Mst, other.Name, TestRegistry.Office, TaxpayerStatus.Active, [other.Certificate.Thumbprint]), async () =>
        {
            var id = await SubmitAsync(env.Samples.AgentSigned(other, agent));
            var status = await env.App.WaitForStatusAsync(id, "Rejected", Wait);
            Assert.Equal(["REC_AGENT_NOT_ENGAGED"], Codes(status));
            Assert.Contains($"Tax agent {agent.Mst} does not file for taxpayer {other.Mst}", (string?)status["findings"]![0]!["message"]);
            var doc = ValidNotice(await Client.GetStringAsync($"/api/filings/{id}/notifications/002-Rejected"));
            Assert.Equal("REC_AGENT_NOT_ENGAGED", Text(doc, "ma"));
        });
    }

    [Fact]
    public async Task Unknown_filings_and_notices_are_404_with_stable_codes()
    {
        using var none = await Client.GetAsync($"/api/filings/{new string('0', 32)}/notifications");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("FILING_NOT_FOUND", (string?)(await none.JsonAsync())["errors"]![0]!["code"]);
        var id = await SubmitAsync(env.Samples.Valid());
        using var bad = await Client.GetAsync($"/api/filings/{id}/notifications/..%2Fx");
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        Assert.Equal("NOTIFICATION_NOT_FOUND", (string?)(await bad.JsonAsync())["errors"]![0]!["code"]);
    }

    /// <summary>Registers a taxpayer for one test (the shared registry has only the three of <see cref="TestRegistry"/>).</summary>
    private async Task WithTaxpayerAsync(TaxpayerRecord taxpayer, Func<Task> test)
    {
        await new RegistryStore(env.Storage, StorageNames.Default).UpsertAsync(taxpayer);
        try
        {
            await test();
        }
        finally
        {
            await env.Storage.Tables.GetTableClient(StorageNames.Default.Tables.Taxpayers).DeleteEntityAsync(taxpayer.Mst, TaxpayerEntity.Row);
        }
    }

    private async Task<string> SubmitAsync(byte[] bytes)
    {
        using var response = await Client.SubmitAsync(bytes, accept: "application/json");
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (string)(await response.JsonAsync())["id"]!;
    }

    public static List<string> Codes(JsonNode status) => status["findings"]!.AsArray().Select(f => (string)f!["code"]!).ToList();

    /// <summary>Multiplies every sales and output-VAT figure (and the totals built from them).</summary>
    private static void ScaleSales(XmlDocument doc, long factor)
    {
        foreach (var name in new[] { "ct26", "ct27", "ct28", "ct29", "ct30", "ct31", "ct32", "ct33", "ct34", "ct35", "ct23", "ct24", "ct25", "ct36", "ct40a", "ct40", "ct41", "ct43", "ct22" })
        {
            var e = doc.GetElementsByTagName(name, "http://kekhaithue.gdt.gov.vn/TKhaiThue").OfType<XmlElement>().FirstOrDefault();
            if (e is not null && long.TryParse(e.InnerText, out var v)) e.InnerText = $"{v * factor}";
        }
        // The appendix must still add up: drop it (rules on it apply only when present).
        foreach (var pl in doc.GetElementsByTagName("PLuc", "http://kekhaithue.gdt.gov.vn/TKhaiThue").OfType<XmlElement>().ToList()) pl.IsEmpty = true;
    }

    /// <summary>Parses a notice, checks it against notice.xsd and its signature against the key it carries.</summary>
    public static XmlDocument ValidNotice(string xml)
    {
        var schemas = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        schemas.Add("urn:efiling:vn:thongbao:v1", Repo.Path("schemas", "notifications", "notice.xsd"));
        var doc = new XmlDocument { PreserveWhitespace = true, Schemas = schemas };
        doc.LoadXml(xml);
        doc.Validate((_, e) => throw new XmlSchemaValidationException(e.Message));
        var signed = new SignedXml(doc);
        signed.LoadXml((XmlElement)doc.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl)[0]!);
        Assert.True(signed.CheckSignature(), "the notice's signature verifies");
        return doc;
    }

    public static string Text(XmlDocument doc, string name) =>
        doc.GetElementsByTagName(name, "urn:efiling:vn:thongbao:v1").OfType<XmlElement>().First().InnerText;
}
