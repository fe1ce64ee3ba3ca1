namespace EFiling.Storage;

/// <summary>Where a filing is in its life. Received until reconciliation decides; the names are part of the API.</summary>
public enum FilingStatus
{
    Received,
    Accepted,
    Rejected,
    NeedsReview,
    Failed,
}
