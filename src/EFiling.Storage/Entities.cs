using Azure;
using Azure.Data.Tables;

namespace EFiling.Storage;

/// <summary>A filing's index row in Filings (PK office_periodKey, RK id): its facts, status and findings.</summary>
public sealed class FilingEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string FilingId { get; set; } = "";
    public string TransactionCode { get; set; } = "";
    public DateTimeOffset ReceivedAtUtc { get; set; }
    public string Sha256 { get; set; } = "";
    public string Form { get; set; } = "";
    public string MaTKhai { get; set; } = "";
    public string Mst { get; set; } = "";
    public string PeriodKind { get; set; } = "";
    public string Period { get; set; } = "";
    public string PeriodKey { get; set; } = "";
    public string FilingKind { get; set; } = "C";
    public int AmendmentNumber { get; set; }
    public string Office { get; set; } = "";
    public string? OfficeName { get; set; }

    /// <summary>The verified signer (<see cref="FilingSigner"/>), one column per field; all null on a row stored before
    /// signers were recorded. Read them as <c>ToFacts().Signer</c>.</summary>
    public string? SignerThumbprint { get; set; }
    public string? SignerSha256 { get; set; }
    public string? SignerSubject { get; set; }
    public string? SignerIssuer { get; set; }
    public string? SignerSerialNumber { get; set; }
    public DateTimeOffset? SignerNotBeforeUtc { get; set; }
    public DateTimeOffset? SignerNotAfterUtc { get; set; }
    public string? SignerMst { get; set; }

    /// <summary>A dossier's procedure and forms (<see cref="FilingDossier"/>) as JSON; null for a single declaration.</summary>
    public string? DossierJson { get; set; }

    /// <summary>The function-key id of the vendor that sent it (<see cref="FilingFacts.Vendor"/>): whose webhooks hear of it.</summary>
    public string? Vendor { get; set; }

    public string Status { get; set; } = nameof(FilingStatus.Received);
    public DateTimeOffset StatusChangedAtUtc { get; set; }

    /// <summary>The non-refusing findings (review, warn) as JSON, and how many of them need an officer.</summary>
    public string FindingsJson { get; set; } = "[]";
    public int ReviewFindings { get; set; }

    /// <summary>The last history step written for this filing (0 on rows from before steps were kept: read as 1).</summary>
    public int LastStep { get; set; }

    /// <summary>Set by reconciliation: when it decided, days late, and the figures it read (JSON), which later
    /// filings compare with (history, the other family's employee count).</summary>
    public DateTimeOffset? DecidedAtUtc { get; set; }
    public int DaysLate { get; set; }
    public string? FiguresJson { get; set; }

    /// <summary>A second original before the deadline: the id of the earlier original it replaces (written with the
    /// decision). On that earlier filing, <see cref="ReplacedBy"/> is then set to this one's id, once.</summary>
    public string? Replaces { get; set; }
    public string? ReplacedBy { get; set; }

    /// <summary>The step of the last officer's decision (written by the review API with the rest of that decision),
    /// so reconciliation can tell that the latest step is an officer's and leave its follow-ups to the review.</summary>
    public int? ReviewStep { get; set; }

    public FilingStatus StatusValue => Enum.Parse<FilingStatus>(Status);

    public FilingFacts ToFacts() => new()
    {
        Id = FilingId, TransactionCode = TransactionCode, ReceivedAtUtc = ReceivedAtUtc, Sha256 = Sha256,
        Form = Form, MaTKhai = MaTKhai, Mst = Mst, PeriodKind = PeriodKind, Period = Period, PeriodKey = PeriodKey,
        FilingKind = FilingKind, AmendmentNumber = AmendmentNumber, Office = Office, OfficeName = OfficeName,
        Signer = SignerThumbprint is null ? null : new FilingSigner(
            SignerThumbprint, SignerSha256 ?? "", SignerSubject ?? "", SignerIssuer ?? "", SignerSerialNumber ?? "",
            SignerNotBeforeUtc ?? default, SignerNotAfterUtc ?? default, SignerMst),
        Dossier = FilingDossier.FromJson(DossierJson),
        Vendor = Vendor,
    };

    public static FilingEntity Create(FilingFacts f, string findingsJson, int reviewFindings) => new()
    {
        PartitionKey = f.PartitionKey, RowKey = f.Id,
        FilingId = f.Id, TransactionCode = f.TransactionCode, ReceivedAtUtc = f.ReceivedAtUtc, Sha256 = f.Sha256,
        Form = f.Form, MaTKhai = f.MaTKhai, Mst = f.Mst, PeriodKind = f.PeriodKind, Period = f.Period, PeriodKey = f.PeriodKey,
        FilingKind = f.FilingKind, AmendmentNumber = f.AmendmentNumber, Office = f.Office, OfficeName = f.OfficeName,
        Status = nameof(FilingStatus.Received), StatusChangedAtUtc = f.ReceivedAtUtc,
        FindingsJson = findingsJson, ReviewFindings = reviewFindings,
        SignerThumbprint = f.Signer?.Thumbprint, SignerSha256 = f.Signer?.Sha256, SignerSubject = f.Signer?.Subject,
        SignerIssuer = f.Signer?.Issuer, SignerSerialNumber = f.Signer?.SerialNumber, SignerNotBeforeUtc = f.Signer?.NotBeforeUtc,
        SignerNotAfterUtc = f.Signer?.NotAfterUtc, SignerMst = f.Signer?.Mst,
        DossierJson = f.Dossier?.ToJson(),
        Vendor = f.Vendor,
    };
}

/// <summary>A pointer row (id → partition, or sha256 → id and partition) of filings stored before ids named their
/// documents; read, no longer written.</summary>
public sealed class PointerEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = FilingKeys.PointerRowKey;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string FilingId { get; set; } = "";
    public string FilingPartition { get; set; } = "";
}

/// <summary>One step in a filing's life (FilingHistory, PK id, RK step-status).</summary>
public sealed class HistoryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Status { get; set; } = "";
    public DateTimeOffset AtUtc { get; set; }
    public string? Note { get; set; }
}

/// <summary>A queue message the queue did not take (Outbox, PK queue name, RK id).</summary>
public sealed class OutboxEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string FilingPartition { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public DateTimeOffset CreatedAtUtc { get; set; }

    /// <summary>The message to send (<see cref="FilingMessage.ToJson"/>); null on a row of an earlier version.</summary>
    public string? MessageText { get; set; }
}
