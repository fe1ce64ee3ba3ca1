namespace EFiling.Storage;

/// <summary>
/// The facts of one acknowledged filing: everything its receipt states. They are fixed the moment the original
/// bytes are stored (they travel in that blob's metadata, and in the filing's queue message), so any later step — the
/// filing row, the message, the receipt itself — can be redone from the blob alone.
/// </summary>
public sealed record FilingFacts
{
    public required string Id { get; init; }
    public required string TransactionCode { get; init; }
    public required DateTimeOffset ReceivedAtUtc { get; init; }

    /// <summary>SHA-256 of the exact submitted bytes, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The form (e.g. 01/GTGT) and its code as written in maTKhai (e.g. 842).</summary>
    public required string Form { get; init; }
    public required string MaTKhai { get; init; }
    public required string Mst { get; init; }

    /// <summary>The period kind (kieuKy: M, Q, Y, D), the period as written (10/2024) and its sortable key (2024-M10).</summary>
    public required string PeriodKind { get; init; }
    public required string Period { get; init; }
    public required string PeriodKey { get; init; }

    /// <summary>Original "C" or supplementary "B" (loaiTKhai), and soLan.</summary>
    public required string FilingKind { get; init; }
    public required int AmendmentNumber { get; init; }

    /// <summary>The receiving office's code and, when the declaration names it, its name.</summary>
    public required string Office { get; init; }
    public string? OfficeName { get; init; }

    /// <summary>The verified signer (the primary one when several signed). Null only for a filing stored before signers
    /// were recorded; intake never stores a new filing without it.</summary>
    public FilingSigner? Signer { get; init; }

    /// <summary>For a dossier (an I-VAN Hoso): its procedure and the forms it carries; null for a single declaration.</summary>
    public FilingDossier? Dossier { get; init; }

    /// <summary>A test filing (X-EFiling-Test: true): checked like a real one, its receipt says it is a test, and it is
    /// kept apart (container test-filings), never reconciled, reviewed or counted. Never true on a real filing.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Test { get; init; }

    /// <summary>Who sent it: the id of the function key it came with (<c>key:</c> and 16 hex digits of the key's SHA-256;
    /// never the key), whose webhook subscriptions hear of its status changes; null without a key (standalone).</summary>
    public string? Vendor { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string PartitionKey => FilingKeys.FilingPartition(Office, PeriodKey);
}
