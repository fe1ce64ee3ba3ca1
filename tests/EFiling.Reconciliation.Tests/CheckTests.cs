using EFiling.Declarations.Findings;
using EFiling.Reconciliation.Checks;
using EFiling.Registry;
using static EFiling.Reconciliation.Tests.Contexts;

namespace EFiling.Reconciliation.Tests;

public sealed class CheckTests
{
    private static readonly ReconciliationOptions Options = new();
    private static readonly Reconciler Reconciler = new(Options);

    private static ReconciliationVerdict.Decided Decide(ReconciliationContext c) => Assert.IsType<ReconciliationVerdict.Decided>(Reconciler.Run(c));

    private static IReadOnlyList<string> Codes(ReconciliationContext c) => Decide(c).Findings.Select(f => f.Code).ToList();

    [Fact]
    public void A_clean_filing_is_accepted_with_no_findings()
    {
        var d = Decide(Clean());
        Assert.Equal(ReconciliationStatus.Accepted, d.Status);
        Assert.Empty(d.Findings);
        Assert.Equal(0, d.DaysLate);
    }

    [Fact]
    public void Unknown_and_inactive_taxpayers_are_rejected()
    {
        Assert.Equal(["REC_TAXPAYER_UNKNOWN"], Codes(Clean() with { Taxpayer = null }));
        foreach (var status in new[] { TaxpayerStatus.Suspended, TaxpayerStatus.Closed })
        {
            var c = Clean();
            c = c with { Taxpayer = c.Taxpayer! with { Status = status } };
            Assert.Equal(["REC_TAXPAYER_INACTIVE"], Codes(c));
            Assert.Equal(ReconciliationStatus.Rejected, Decide(c).Status);
        }
    }

    [Fact]
    public void Another_office_than_the_managing_one_is_rejected()
    {
        var c = Clean();
        Assert.Equal(["REC_OFFICE_MISMATCH"], Codes(c with { Taxpayer = c.Taxpayer! with { Office = "70100" } }));
    }

    [Fact]
    public void Social_insurance_goes_to_the_employers_office_under_its_unit_code()
    {
        var si = Filing() with { Family = "social-insurance", Form = "D02-LT", Office = "KV01", EmployerCode = "TA1234A" };
        var c = Clean(si) with { Employer = new EmployerRecord("TA1234A", Mst, "ABC", "KV01") };
        Assert.Empty(Codes(c));
        Assert.Equal(["REC_OFFICE_MISMATCH"], Codes(c with { Employer = c.Employer! with { Office = "KV27" } }));
        Assert.Equal(["REC_EMPLOYER_MST_MISMATCH"], Codes(c with { Employer = c.Employer! with { Mst = "0101601092" } }));
        Assert.Equal(["REC_EMPLOYER_UNKNOWN"], Codes(c with { Employer = null }));
        Assert.Empty(Codes(Clean(si with { EmployerCode = null }))); // first registration: no unit code yet
    }

    [Fact]
    public void The_signing_certificate_must_be_registered_or_carry_the_MST_where_registration_is_not_required()
    {
        var c = Clean();
        Assert.Equal(["REC_CERT_NOT_REGISTERED"], Codes(c with { Filing = c.Filing with { SignerThumbprint = new string('A', 40) } }));
        var unregistered = c with { Taxpayer = c.Taxpayer! with { CertificateThumbprints = [] } };
        Assert.Empty(Codes(unregistered));
        Assert.Equal(["REC_CERT_MST_MISMATCH"], Codes(unregistered with { Filing = c.Filing with { SignerMst = "0101601092" } }));
        Assert.Equal(["REC_CERT_NOT_REGISTERED"], new Reconciler(new ReconciliationOptions { RequireRegisteredCertificates = true })
            .Run(unregistered) is ReconciliationVerdict.Decided d ? d.Findings.Select(f => f.Code) : []);
    }

    /// <summary>A stored filing without the signer intake recorded (from before signers were recorded) is not waved
    /// through or refused on a guess: no KeyInfo is read again, and an officer checks the certificate.</summary>
    [Fact]
    public void A_filing_without_a_recorded_signer_goes_to_an_officer_whatever_the_registry_holds()
    {
        var c = Clean();
        var unrecorded = c with { Filing = c.Filing with { SignerThumbprint = null, SignerMst = null } };
        var d = Decide(unrecorded);
        Assert.Equal(ReconciliationStatus.NeedsReview, d.Status);
        var finding = Assert.Single(d.Findings);
        Assert.Equal("REC_SIGNER_NOT_RECORDED", finding.Code);
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Equal(["REC_SIGNER_NOT_RECORDED"], Codes(unrecorded with { Taxpayer = c.Taxpayer! with { CertificateThumbprints = [] } }));
        Assert.Equal(["REC_SIGNER_NOT_RECORDED"], new Reconciler(new ReconciliationOptions { RequireRegisteredCertificates = true })
            .Run(unrecorded) is ReconciliationVerdict.Decided r ? r.Findings.Select(f => f.Code) : []);
    }

    [Fact]
    public void A_filing_signed_by_its_engaged_agent_with_the_agents_registered_certificate_is_accepted()
    {
        var d = Decide(AgentSigned());
        Assert.Equal(ReconciliationStatus.Accepted, d.Status);
        Assert.Empty(d.Findings);
        // The engagement's first and last days count (Vietnam dates of receipt: 2025-10-20).
        Assert.Empty(Codes(AgentSigned(from: new DateOnly(2025, 10, 20), to: new DateOnly(2025, 10, 20))));
        // Where the agent registered no certificate and none is required, its certificate carries its own MST: enough.
        var c = AgentSigned();
        Assert.Empty(Codes(c with { Agent = c.Agent! with { CertificateThumbprints = [] } }));
    }

    [Fact]
    public void An_agent_outside_its_engagement_is_refused_whether_it_ended_or_has_not_started()
    {
        var ended = Decide(AgentSigned(from: new DateOnly(2024, 1, 1), to: new DateOnly(2025, 10, 19)));
        Assert.Equal(ReconciliationStatus.Rejected, ended.Status);
        Assert.Equal(["REC_AGENT_NOT_ENGAGED"], ended.Findings.Select(f => f.Code));
        Assert.Contains("ended on 2025-10-19", ended.Findings[0].Message);
        var later = Decide(AgentSigned(from: new DateOnly(2025, 10, 21)));
        Assert.Equal(["REC_AGENT_NOT_ENGAGED"], later.Findings.Select(f => f.Code));
        Assert.Contains("starts on 2025-10-21", later.Findings[0].Message);
        // 2025-10-19T17:00Z is already 2025-10-20 in Vietnam: after an engagement that ended on the 19th.
        Assert.Equal(["REC_AGENT_NOT_ENGAGED"], Codes(AgentSigned(to: new DateOnly(2025, 10, 19), at: new DateTimeOffset(2025, 10, 19, 17, 0, 0, TimeSpan.Zero))));
        Assert.Empty(Codes(AgentSigned(to: new DateOnly(2025, 10, 19), at: new DateTimeOffset(2025, 10, 19, 16, 59, 59, TimeSpan.Zero))));
        // No engagement at all, or only for another client (a branch is not its parent).
        Assert.Contains("no engagement", Decide(AgentSigned() with { Engagements = [] }).Findings.Single().Message);
        var branch = AgentSigned();
        branch = branch with { Filing = branch.Filing with { Mst = Mst + "-001" }, Taxpayer = branch.Taxpayer! with { Mst = Mst + "-001" } };
        Assert.Equal(["REC_AGENT_NOT_ENGAGED"], Codes(branch));
    }

    [Fact]
    public void An_agent_unknown_to_the_registry_or_inactive_is_refused()
    {
        var unknown = Decide(AgentSigned() with { Agent = null });
        Assert.Equal(ReconciliationStatus.Rejected, unknown.Status);
        Assert.Equal(["REC_AGENT_UNKNOWN"], unknown.Findings.Select(f => f.Code));
        var c = AgentSigned();
        Assert.Equal(["REC_AGENT_INACTIVE"], Codes(c with { Agent = c.Agent! with { Status = TaxpayerStatus.Closed } }));
    }

    [Fact]
    public void An_agent_signed_filing_is_checked_against_the_agents_certificates_not_the_taxpayers()
    {
        var c = AgentSigned();
        // Signed with the taxpayer's registered thumbprint but the agent's MST: not a certificate the agent registered.
        var d = Decide(c with { Filing = c.Filing with { SignerThumbprint = Thumbprint } });
        Assert.Equal(["REC_CERT_NOT_REGISTERED"], d.Findings.Select(f => f.Code));
        Assert.Contains("tax agent 0317778889", d.Findings[0].Message);
        // The taxpayer registering the agent's certificate as its own does not make it the agent's.
        Assert.Equal(["REC_CERT_NOT_REGISTERED"], Codes(c with { Agent = c.Agent! with { CertificateThumbprints = [new string('B', 40)] }, Taxpayer = c.Taxpayer! with { CertificateThumbprints = [AgentThumbprint] } }));
        // The client must still be registered and active itself.
        Assert.Equal(["REC_TAXPAYER_UNKNOWN"], Codes(c with { Taxpayer = null }));
    }

    [Fact]
    public void A_filing_the_taxpayer_signs_itself_is_checked_as_before_even_with_a_DLyThue_block()
    {
        var withBlock = Clean(Filing() with { AgentMst = AgentMst });
        Assert.False(withBlock.Filing.SignedByAgent);
        Assert.Empty(Codes(withBlock)); // no agent row, no engagement needed
        Assert.Equal(["REC_CERT_NOT_REGISTERED"], Codes(withBlock with { Filing = withBlock.Filing with { SignerThumbprint = AgentThumbprint } }));
        // Signed with the agent's MST but without a DLyThue block naming it: another company's certificate.
        var unregistered = Clean(Filing() with { SignerMst = AgentMst }) with { Taxpayer = Clean().Taxpayer! with { CertificateThumbprints = [] } };
        Assert.Equal(["REC_CERT_MST_MISMATCH"], Codes(unregistered));
    }

    [Fact]
    public void A_second_original_replaces_the_first_before_the_deadline_and_is_refused_after_it()
    {
        var before = Clean() with { Siblings = [Original("Accepted")] };
        Assert.Equal(["REC_ORIGINAL_REPLACED"], Codes(before));
        Assert.Equal(ReconciliationStatus.Accepted, Decide(before).Status);
        Assert.Equal("o1", Decide(before).Replaces);
        // The latest earlier original is the one replaced; a refused replacement replaces nothing.
        Assert.Equal("o2", Decide(Clean() with { Siblings = [Original("Accepted", OnTime.AddDays(-3)), Original("Accepted", OnTime.AddDays(-2), "o2")] }).Replaces);
        Assert.Null(Decide(before with { Taxpayer = before.Taxpayer! with { Office = "70100" } }).Replaces);

        var late = Clean(Filing(at: new DateTimeOffset(2025, 11, 3, 3, 0, 0, TimeSpan.Zero))) with { Siblings = [Original("Accepted"), Supplementary(1, "Accepted")] };
        var d = Decide(late);
        Assert.Equal(ReconciliationStatus.Rejected, d.Status);
        Assert.Null(d.Replaces);
        Assert.Equal(["REC_ORIGINAL_AFTER_DEADLINE", "REC_LATE"], d.Findings.Select(f => f.Code));
        Assert.Contains("soLan 2", d.Findings[0].Message);
        // A rejected earlier original does not count.
        Assert.Empty(Codes(Clean() with { Siblings = [Original("Rejected")] }));
    }

    [Fact]
    public void Supplementaries_need_an_accepted_original_and_the_next_number()
    {
        var s1 = Clean(Filing(true, 1));
        Assert.Empty(Codes(s1 with { Siblings = [Original("Accepted")] }));
        Assert.Empty(Codes(Clean(Filing(true, 2)) with { Siblings = [Original("Accepted"), Supplementary(1, "Accepted")] }));
        Assert.Equal(["REC_SUPPLEMENTARY_NUMBER_USED"], Codes(s1 with { Siblings = [Original("Accepted"), Supplementary(1, "Accepted")] }));
        Assert.Equal(["REC_SUPPLEMENTARY_NO_ORIGINAL"], Codes(s1));
        Assert.Equal(ReconciliationStatus.Rejected, Decide(s1).Status);
    }

    [Fact]
    public void An_earlier_undecided_supplementary_with_the_same_number_holds_it()
    {
        var s1 = Clean(Filing(true, 1));
        var earlier = s1 with { Siblings = [Original("Accepted"), Supplementary(1, "Received")] };
        Assert.Equal("supplementary 1 waits for an earlier supplementary 1", Assert.IsType<ReconciliationVerdict.Deferred>(Reconciler.Run(earlier with { MayWait = true })).Reason);
        Assert.Equal(["REC_SUPPLEMENTARY_NUMBER_USED"], Codes(earlier));
        // A later one does not hold it, nor does a refused one; in the same millisecond the smaller id came first.
        Assert.Empty(Codes(s1 with { Siblings = [Original("Accepted"), new SiblingFiling("s1", true, 1, "Received", OnTime.AddSeconds(1))] }));
        Assert.Empty(Codes(s1 with { Siblings = [Original("Accepted"), Supplementary(1, "Rejected")] }));
        Assert.Equal(["REC_SUPPLEMENTARY_NUMBER_USED"], Codes(s1 with { Siblings = [Original("Accepted"), new SiblingFiling("e9", true, 1, "Received", OnTime)] }));
        Assert.Empty(Codes(s1 with { Siblings = [Original("Accepted"), new SiblingFiling("f1", true, 1, "Received", OnTime)] }));
    }

    [Fact]
    public void A_supplementary_before_its_predecessor_waits_then_goes_to_review()
    {
        var early = Clean(Filing(true, 2)) with { Siblings = [Original("Accepted")] };
        Assert.IsType<ReconciliationVerdict.Deferred>(Reconciler.Run(early with { MayWait = true }));
        var d = Decide(early);
        Assert.Equal(ReconciliationStatus.NeedsReview, d.Status);
        Assert.Equal(["REC_SUPPLEMENTARY_OUT_OF_ORDER"], d.Findings.Select(f => f.Code));

        var originalInReview = Clean(Filing(true, 1)) with { Siblings = [Original("NeedsReview")] };
        Assert.IsType<ReconciliationVerdict.Deferred>(Reconciler.Run(originalInReview with { MayWait = true }));
        Assert.Equal(["REC_SUPPLEMENTARY_OUT_OF_ORDER"], Codes(originalInReview));
        Assert.IsType<ReconciliationVerdict.Deferred>(Reconciler.Run(Clean(Filing(true, 1)) with { MayWait = true }));
    }

    [Theory]
    [InlineData("2025-10-31T16:59:59Z", 0)] // 23:59:59 on the due date in Vietnam
    [InlineData("2025-10-31T17:00:00Z", 1)] // 00:00 the next day in Vietnam
    [InlineData("2025-11-10T03:00:00Z", 10)]
    public void Late_originals_are_accepted_and_marked_with_days_late_in_Vietnam_time(string at, int days)
    {
        var d = Decide(Clean(Filing(at: DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(ReconciliationStatus.Accepted, d.Status);
        Assert.Equal(days, d.DaysLate);
        Assert.Equal(days > 0 ? ["REC_LATE"] : [], d.Findings.Select(f => f.Code));
        // A supplementary has no deadline of its own.
        Assert.Equal(0, Decide(Clean(Filing(true, 1, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture))) with { Siblings = [Original("Accepted")] }).DaysLate);
    }

    [Fact]
    public void Figures_far_from_history_go_to_review_and_close_ones_do_not()
    {
        var c = Clean(Filing() with { Figures = new Dictionary<string, long> { ["sales"] = 1_000_000 } });
        Assert.Empty(Codes(c with { History = [900_000, 1_200_000] }));
        Assert.Empty(Codes(c with { History = [100] })); // one earlier period says nothing
        var far = c with { History = [100_000, 120_000] };
        Assert.Equal(["REC_FIGURES_FAR_FROM_HISTORY"], Codes(far));
        Assert.Equal(ReconciliationStatus.NeedsReview, Decide(far).Status);
        Assert.Equal(["REC_FIGURES_FAR_FROM_HISTORY"], Codes(c with { History = [50_000_000, 60_000_000] }));
    }

    [Fact]
    public void Employee_counts_across_families_beyond_the_tolerance_go_to_review()
    {
        var c = Clean(Filing() with { Form = "05/KK-TNCN", Figures = new Dictionary<string, long> { ["employees"] = 25 } });
        Assert.Empty(Codes(c with { Counterparts = [new EmployeeCounterpart("d1", "D02-LT", "2025-M07", 23)] })); // 10 % of 25 → 3
        var far = c with { Counterparts = [new EmployeeCounterpart("d1", "D02-LT", "2025-M07", 20)] };
        Assert.Equal(["REC_EMPLOYEE_COUNT_MISMATCH"], Codes(far));
        Assert.Equal(ReconciliationStatus.NeedsReview, Decide(far).Status);
        var strict = new Reconciler(new ReconciliationOptions { EmployeeCountTolerancePercent = 0, EmployeeCountToleranceAbsolute = 0 });
        Assert.IsType<ReconciliationVerdict.Decided>(strict.Run(c with { Counterparts = [new EmployeeCounterpart("d1", "D02-LT", "2025-M07", 24)] }))
            .Findings.Single(f => f.Code == "REC_EMPLOYEE_COUNT_MISMATCH");
    }

    [Fact]
    public void The_decision_takes_the_worst_severity_and_keeps_intake_findings()
    {
        Assert.Equal(ReconciliationStatus.Accepted, ReconciliationVerdict.Decide([new Finding("X", Severity.Warn, "w")]));
        Assert.Equal(ReconciliationStatus.NeedsReview, ReconciliationVerdict.Decide([new Finding("X", Severity.Warn, "w"), new Finding("Y", Severity.Review, "r")]));
        Assert.Equal(ReconciliationStatus.Rejected, ReconciliationVerdict.Decide([new Finding("Y", Severity.Review, "r"), new Finding("Z", Severity.Reject, "x")]));
        var refund = Clean() with { IntakeFindings = [new Finding("GTGT-HOAN-THUE", Severity.Review, "VAT refund requested")] };
        Assert.Equal(ReconciliationStatus.NeedsReview, Decide(refund).Status);
        Assert.Equal(["GTGT-HOAN-THUE"], Codes(refund));
    }

    [Fact]
    public void Every_code_is_stable_upper_case_and_every_message_has_both_languages()
    {
        var codes = typeof(ReconciliationCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.All(codes, c => Assert.Matches("^REC_[A-Z_]+$", c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        var findings = new[]
        {
            Clean() with { Taxpayer = null }, Clean(Filing(true, 1)), AgentSigned() with { Agent = null }, AgentSigned() with { Engagements = [] },
            AgentSigned(to: new DateOnly(2025, 1, 31)), AgentSigned(from: new DateOnly(2026, 1, 1)), Clean(Filing(at: DateTimeOffset.Parse("2025-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture))),
        }.SelectMany(c => Decide(c).Findings);
        Assert.All(findings, f => { Assert.False(string.IsNullOrWhiteSpace(f.Message)); Assert.False(string.IsNullOrWhiteSpace(f.MessageVi)); });
    }
}
