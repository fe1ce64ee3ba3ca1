using EFiling.Storage;

namespace EFiling.Receipts;

/// <summary>
/// The signed decision notices of both deciders, one builder (<see cref="NoticeDocument"/>) and one store
/// (<see cref="NotificationStore"/>: notifications/{id}/{step:000}-{result}.xml, create-only, so whoever writes a step's
/// notice first wins and a retry keeps it).
/// </summary>
public sealed class Notices(NotificationStore store, NoticeDocument document)
{
    /// <summary>Reconciliation: one create-only request (a notice that exists is almost always a redelivery's, so it is
    /// not looked for first); true when this call created it.</summary>
    public Task<bool> CreateAsync(NoticeRequest notice, CancellationToken ct) =>
        store.CreateAsync(notice.FilingId, notice.Name, () => document.Create(notice), ct);

    /// <summary>An officer's decision: looked for first, so a repeated decision's follow-ups do not build and sign
    /// another; returns the notice's name.</summary>
    public async Task<string> IssueAsync(NoticeRequest notice, CancellationToken ct)
    {
        if (!await store.ExistsAsync(notice.FilingId, notice.Name, ct)) await CreateAsync(notice, ct);
        return notice.Name;
    }

    /// <summary>The names of a filing's notices, oldest first.</summary>
    public async Task<IReadOnlyList<string>> NamesAsync(string filingId, CancellationToken ct) =>
        (await store.ListAsync(filingId, ct)).Select(n => n.Name).ToList();

    public Task<BinaryData?> ReadAsync(string filingId, string name, CancellationToken ct) => store.ReadAsync(filingId, name, ct);
}
