using System.Security.Cryptography;
using EFiling.Declarations.Findings;
using EFiling.Declarations.Identifiers;
using EFiling.Declarations.Parsing;
using EFiling.Functions.Checks;
using EFiling.Functions.Hosting;
using EFiling.Storage;
using EFiling.Validation;

namespace EFiling.Functions.Filings;

/// <summary>
/// Takes in one declaration: hash → known content? answer with its receipt → check → outbox row → store the bytes
/// create-only (which also decides between two concurrent identical submissions) → complete (receipt, index, queue).
/// </summary>
public sealed class SubmissionService(
    DeclarationChecks checks, DocumentStore documents, FilingIndex index, Outbox outbox, FilingCompleter completer,
    StorageReady storage, TimeProvider time, ILogger<SubmissionService> logger)
{
    public async Task<SubmissionResult> SubmitAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct = default)
    {
        await storage.EnsureAsync(ct);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));

        // A resubmission of the same bytes creates nothing and gets the receipt it got the first time.
        if (await index.FindByHashAsync(sha256, ct) is { } known)
            return new SubmissionResult.Acknowledged(known.ToFacts(), await completer.ReceiptOfAsync(known.ToFacts(), ct), Created: false);

        var receivedAt = TruncateToMilliseconds(time.GetUtcNow());
        var verdict = checks.Check(bytes, receivedAt);
        if (!verdict.IsValid) return new SubmissionResult.Refused(verdict);

        var facts = FactsOf(verdict, sha256, receivedAt);
        using var scope = Telemetry.FilingLog.Scope(logger, facts.Id);
        // The outbox row comes first: if we stop after the blob, the sweep finds the filing by this row.
        await outbox.AddAsync(facts, ct);
        var (created, owner) = await documents.CreateDocumentAsync(facts, bytes, ct);
        if (!created) await DropOwnRowAsync(facts, ct);
        var receipt = await completer.CompleteAsync(owner, KeptFindings(verdict), ct);
        return new SubmissionResult.Acknowledged(owner, receipt, created);
    }

    /// <summary>A concurrent identical submission stored the bytes first: they are its filing, with its own outbox row.
    /// Ours is dropped; if that fails the sweep drops it (its blob belongs to another id).</summary>
    private async Task DropOwnRowAsync(FilingFacts facts, CancellationToken ct)
    {
        try { await outbox.RemoveAsync(facts.Id, ct); }
        catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Outbox row {Id} of a duplicate left to the sweep", facts.Id); }
    }

    /// <summary>Review and warn findings travel with the filing; reject ones never reach here.</summary>
    public static IReadOnlyList<Finding> KeptFindings(ValidationResult verdict) =>
        verdict.Findings.Where(f => f.Severity != Severity.Reject).ToList();

    private static FilingFacts FactsOf(ValidationResult verdict, string sha256, DateTimeOffset receivedAt)
    {
        var header = verdict.Header ?? throw new InvalidOperationException("A valid declaration must have a header.");
        // The certificate that verified the signature: recorded here, in the blob's metadata and the filing row, so
        // nothing after intake reads KeyInfo again (which the signature does not cover).
        var signer = verdict.Signer ?? throw new InvalidOperationException("A valid declaration must have a verified signer.");
        var id = FilingKeys.NewId();
        return new FilingFacts
        {
            Id = id,
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
    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
