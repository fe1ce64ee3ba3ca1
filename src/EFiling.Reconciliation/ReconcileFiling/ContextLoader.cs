using System.Text.Json;
using EFiling.Declarations.Deadlines;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Identifiers;
using EFiling.Declarations.Parsing;
using EFiling.IntakeChecks;
using EFiling.Reconciliation;
using EFiling.Reconciliation.Checks;
using EFiling.Registry;
using EFiling.Storage;

namespace EFiling.Reconciliation;

/// <summary>
/// Gathers what the checks look at: the filing as intake found it (its facts and verified signer, and what its message
/// says of the declaration: family, unit code, agent, figures — the stored document is read only for a message of an
/// earlier version, or to re-check revocation), its siblings (given: read with the filing's row), the registry rows
/// (and, for a filing its DLyThue agent signed, the agent's row and engagements), earlier periods' figures, and the
/// other family's employee counts. Reads only.
/// </summary>
public sealed class ContextLoader(DocumentStore documents, FilingIndex index, RegistryStore registry, StoredDeclarationReader reader, DeadlineCalculator deadlines, DeclarationChecks checks)
{
    /// <summary>The context of one filing. The declaration's facts come from the message (null for a message of an earlier
    /// version: read from the document); the chain is the filings of the same office, period, taxpayer and form, this
    /// one included (read with the filing's row).</summary>
    public async Task<ReconciliationContext> LoadAsync(FilingEntity filing, DeclarationFacts? declaration, IReadOnlyList<FilingEntity> chain,
        bool mayWait, int historyPeriods, CancellationToken ct)
    {
        var intakeFindings = StoredFindings.Deserialize(filing.FindingsJson);
        var recheck = intakeFindings.Any(i => i.Code == RevocationRecheckCheck.RevocationUnknown);
        var bytes = declaration is null || recheck
            ? await documents.ReadDocumentAsync(filing.Sha256, ct) ?? throw new InvalidOperationException($"The document of filing {filing.FilingId} is missing.")
            : null;
        var f = UnderCheck(filing, declaration ?? reader.Read(filing, bytes!));
        var form = reader.Catalogue.FormByCode(f.Form);
        var due = form is null ? null : deadlines.DueDate(form.DeadlineFor(f.Period.Kind), f.Period);

        var taxpayer = registry.GetTaxpayerAsync(f.Mst, ct);
        var employer = f.EmployerCode is { } code ? registry.GetEmployerAsync(code, ct) : Task.FromResult<EmployerRecord?>(null);
        var history = HistoryAsync(f, historyPeriods, ct);
        // Signed by the DLyThue agent: the agent's own row (its certificates) and its engagements by this taxpayer.
        var agent = f.SignedByAgent ? registry.GetTaxpayerAsync(f.AgentMst!, ct) : Task.FromResult<TaxpayerRecord?>(null);
        var engagements = f.SignedByAgent ? registry.EngagementsAsync(f.Mst, f.AgentMst!, ct) : Task.FromResult<IReadOnlyList<AgentEngagementRecord>>([]);
        await Task.WhenAll(taxpayer, employer, history, agent, engagements);

        return new ReconciliationContext
        {
            Filing = f,
            Taxpayer = taxpayer.Result,
            Employer = employer.Result,
            Agent = agent.Result,
            Engagements = engagements.Result,
            DueDate = due,
            Siblings = chain.Where(s => s.FilingId != f.Id)
                .Select(s => new SiblingFiling(s.FilingId, s.FilingKind == "B", s.AmendmentNumber, s.Status, s.ReceivedAtUtc)).ToList(),
            History = history.Result,
            Counterparts = await CounterpartsAsync(f, taxpayer.Result, employer.Result, ct),
            IntakeFindings = intakeFindings,
            Revocation = recheck ? RecheckRevocation(bytes!, f.ReceivedAtUtc) : null,
            MayWait = mayWait,
        };
    }

    /// <summary>The filing under check: its recorded facts and signer (never KeyInfo: unsigned, its first certificate can
    /// be anyone's; a filing stored without the record leaves the signer null, which goes to an officer) and the
    /// declaration's facts.</summary>
    public static FilingUnderCheck UnderCheck(FilingEntity filing, DeclarationFacts declaration)
    {
        var facts = filing.ToFacts();
        if (!PeriodKindCodes.TryParse(facts.PeriodKind, out var kind) || !Period.TryParse(kind, facts.Period, out var period))
            throw new InvalidDataException($"Filing {facts.Id} has no readable period ({facts.PeriodKind} {facts.Period}).");
        return new FilingUnderCheck
        {
            Id = facts.Id,
            Form = facts.Form,
            Family = declaration.Family,
            Mst = facts.Mst,
            Office = facts.Office,
            Period = period.Value,
            IsSupplementary = facts.FilingKind == "B",
            AmendmentNumber = facts.AmendmentNumber,
            ReceivedAtUtc = facts.ReceivedAtUtc,
            EmployerCode = declaration.EmployerCode,
            SignerThumbprint = facts.Signer?.Thumbprint,
            SignerMst = facts.Signer?.Mst,
            AgentMst = declaration.AgentMst,
            Figures = declaration.Figures,
        };
    }

    /// <summary>Runs the intake's verdict again on the stored bytes, at the receipt time, and reads only its revocation
    /// findings (the rest already passed): online revocation may answer now where it could not at intake.</summary>
    private RevocationRecheck RecheckRevocation(BinaryData bytes, DateTimeOffset receivedAt)
    {
        var verdict = checks.Check(bytes.ToMemory(), receivedAt);
        if (verdict.Findings.FirstOrDefault(x => x.Code is "CERT_REVOKED" or "CERT_ISSUER_REVOKED") is { } revoked)
            return new RevocationRecheck(RevocationRecheckOutcome.Revoked, revoked.Code, revoked.Message);
        if (verdict.Findings.FirstOrDefault(x => x.Code == RevocationRecheckCheck.RevocationUnknown) is { } unknown)
            return new RevocationRecheck(RevocationRecheckOutcome.Unknown, null, unknown.Message);
        // Good only when the whole verdict stands again: a re-check that fails for another reason (trust or schema packs
        // changed since intake, a chain that no longer builds) proves nothing about revocation and must not clear it.
        return verdict.IsValid
            ? new RevocationRecheck(RevocationRecheckOutcome.Good)
            : new RevocationRecheck(RevocationRecheckOutcome.Unknown, null,
                $"the re-check did not get as far as revocation ({string.Join(", ", verdict.Findings.Where(x => x.Severity == Severity.Reject).Select(x => x.Code).Distinct())})");
    }

    /// <summary>The history figure of each earlier period: from its latest decided, not rejected filing.</summary>
    private async Task<IReadOnlyList<long>> HistoryAsync(FilingUnderCheck f, int periods, CancellationToken ct)
    {
        if (FigureReader.HistoryFigure(f.Form) is not { } name) return [];
        var earlier = await Task.WhenAll(PeriodSteps.Earlier(f.Period, periods).Select(p => index.ListChainAsync(f.Office, p.Key, f.Mst, f.Form, ct)));
        return earlier.Select(rows => rows.Where(r => r.Status is "Accepted" or "NeedsReview").OrderByDescending(r => r.ReceivedAtUtc)
                .Select(r => Figure(r, name)).FirstOrDefault(v => v is not null))
            .OfType<long>().ToList();
    }

    /// <summary>D02-LT ↔ 05/KK-TNCN of the same employer (unit code → MST) and month (a quarterly PIT covers its months).</summary>
    private async Task<IReadOnlyList<EmployeeCounterpart>> CounterpartsAsync(FilingUnderCheck f, TaxpayerRecord? taxpayer, EmployerRecord? employer, CancellationToken ct)
    {
        var lookups = new List<(string Office, Period Period, string Mst, string Form)>();
        if (f.Form == FigureReader.SocialInsuranceList && employer is not null && f.Period.Kind == PeriodKind.Month)
        {
            var pitOffice = employer.Mst == f.Mst && taxpayer is not null ? taxpayer.Office : (await registry.GetTaxpayerAsync(employer.Mst, ct))?.Office;
            if (pitOffice is not null)
            {
                lookups.Add((pitOffice, f.Period, employer.Mst, FigureReader.PitWithholding));
                lookups.Add((pitOffice, PeriodSteps.QuarterOf(f.Period), employer.Mst, FigureReader.PitWithholding));
            }
        }
        else if (f.Form == FigureReader.PitWithholding)
        {
            foreach (var e in await registry.EmployersOfAsync(f.Mst, ct))
                lookups.AddRange(PeriodSteps.MonthsOf(f.Period).Select(m => (e.Office, m, f.Mst, FigureReader.SocialInsuranceList)));
        }
        var found = await Task.WhenAll(lookups.Select(l => index.ListChainAsync(l.Office, l.Period.Key, l.Mst, l.Form, ct)));
        return found.SelectMany(rows => rows)
            .Where(r => r.Status is "Accepted" or "NeedsReview")
            .Select(r => (Row: r, Count: Figure(r, FigureReader.Employees)))
            .Where(x => x.Count is not null)
            .Select(x => new EmployeeCounterpart(x.Row.FilingId, x.Row.Form, x.Row.PeriodKey, x.Count!.Value)).ToList();
    }

    private static long? Figure(FilingEntity row, string name)
    {
        if (string.IsNullOrEmpty(row.FiguresJson)) return null;
        var figures = JsonSerializer.Deserialize<Dictionary<string, long>>(row.FiguresJson);
        return figures is not null && figures.TryGetValue(name, out var v) ? v : null;
    }
}
