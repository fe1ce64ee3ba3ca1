using System.Security.Cryptography;
using EFiling.IntakeChecks;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Identifiers;
using EFiling.Declarations.Parsing;
using EFiling.ServiceDefaults;
using EFiling.Storage;
using EFiling.Validation;

namespace EFiling.Intake;

/// <summary>
/// Takes in one declaration in three storage requests: check → the document blob, created only if no blob has these
/// bytes (If-None-Match: *), with the facts in its metadata: "have we seen these bytes?" and "store them" in one request,
/// which also decides between two concurrent identical submissions → the queue message → the filing row
/// (<see cref="FilingIntake"/>). The receipt is not stored: it is a pure function of the facts, made again whenever
/// asked (RSA PKCS#1 v1.5 signatures are deterministic, so the bytes are the same).
/// </summary>
public sealed class SubmissionService(
    DeclarationChecks checks, DocumentStore documents, FilingIntake intake, FaultInjection faults,
    StorageReady storage, TimeProvider time, ILogger<SubmissionService> logger)
{
    /// <summary><c>vendor</c>: the function-key id it came with (<see cref="FilingFacts.Vendor"/>), recorded with the facts, so
    /// its status changes reach that vendor's webhooks; no storage request of its own.</summary>
    public async Task<SubmissionResult> SubmitAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct = default, string? vendor = null)
    {
        await storage.EnsureAsync(ct);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        var receivedAt = TruncateToMilliseconds(time.GetUtcNow());
        var verdict = checks.Check(bytes, receivedAt);
        if (!verdict.IsValid)
        {
            // Bytes acknowledged before keep their receipt, even if they would be refused now (trust or rules changed).
            return await documents.FindDocumentAsync(sha256, ct) is { } stored
                ? await KnownAsync(stored, bytes, ct)
                : new SubmissionResult.Refused(verdict);
        }

        var facts = FactsOf(verdict, sha256, receivedAt) with { Vendor = vendor };
        using var scope = EFilingTelemetry.FilingScope(logger, facts.Id);
        var (created, owner) = await documents.CreateDocumentAsync(facts, bytes, ct);
        // A byte-identical resubmission, or the loser of two at once: the filing is the one whose blob it is.
        if (!created) return await KnownAsync(owner, bytes, ct);
        faults.At(FaultInjection.AfterDocument);
        await intake.TakeInAsync(facts, KeptFindings(verdict), DeclarationFactsReader.Read(verdict), ct);
        return new SubmissionResult.Acknowledged(facts, Created: true);
    }

    /// <summary>Same bytes as a stored filing: its facts (its receipt, made again, is byte-identical); and should its
    /// first submission have stopped before the message, the filing is completed now.</summary>
    private async Task<SubmissionResult> KnownAsync(FilingFacts owner, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await intake.EnsureTakenInAsync(owner, bytes, "Resubmission", ct);
        return new SubmissionResult.Acknowledged(owner, Created: false);
    }

    /// <summary>Review and warn findings travel with the filing; reject ones never reach here.</summary>
    public static IReadOnlyList<Finding> KeptFindings(ValidationResult verdict) =>
        verdict.Findings.Where(f => f.Severity != Severity.Reject).ToList();

    public static FilingFacts FactsOf(ValidationResult verdict, string sha256, DateTimeOffset receivedAt)
    {
        var header = verdict.Header ?? throw new InvalidOperationException("A valid declaration must have a header.");
        // The certificate that verified the signature: recorded here, in the blob's metadata, the message and the filing
        // row, so nothing after intake reads KeyInfo again (which the signature does not cover).
        var signer = verdict.Signer ?? throw new InvalidOperationException("A valid declaration must have a verified signer.");
        return new FilingFacts
        {
            Id = FilingKeys.IdFor(receivedAt, sha256),
            TransactionCode = TransactionCode.New(receivedAt),
            ReceivedAtUtc = receivedAt,
            Sha256 = sha256,
            Form = header.FormCode,
            MaTKhai = header.FormId,
            Mst = header.Mst.ToString(),
            PeriodKind = header.Period.Kind.ToCode(),
            Period = header.Period.ToString(),
            PeriodKey = header.Period.Key,
            FilingKind = header.FilingKind == FilingKind.Supplementary ? "B" : "C",
            AmendmentNumber = header.AmendmentNumber,
            Office = header.Office,
            OfficeName = header.OfficeName,
            Signer = new FilingSigner(signer.Thumbprint, signer.ThumbprintSha256, signer.Subject, signer.Issuer, signer.SerialNumber,
                signer.NotBefore, signer.NotAfter, signer.Mst),
            Dossier = verdict.Dossier is { } d
                ? FilingDossier.Create(d.Procedure, d.ProcedureName, d.EmployerCode, d.Forms.Select(x => new FilingDossierForm(x.Form, x.FileName, x.Sha256)))
                : null,
        };
    }

    // Stored times (blob metadata, table rows, the receipt) all keep milliseconds, so they compare equal.
    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
