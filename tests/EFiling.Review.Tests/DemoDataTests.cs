using Azure.Data.Tables;
using EFiling.Storage;

namespace EFiling.Review.Tests;

/// <summary>
/// run.sh's demo data must look like a working service: the generated filings match the demo registry (managing
/// office, registered certificate, employer unit code), so reconciliation accepts them rather than refusing them all,
/// and the refund requests among them are in the review queue.
/// </summary>
[Collection(StatsCollection.Name)]
public sealed class DemoDataTests(StatsEnvironment env, Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string[] RegistryCodes =
        ["REC_TAXPAYER_UNKNOWN", "REC_OFFICE_MISMATCH", "REC_CERT_NOT_REGISTERED", "REC_EMPLOYER_UNKNOWN", "REC_EMPLOYER_MST_MISMATCH"];

    [Fact]
    public async Task Demo_filings_are_decided_and_none_contradicts_the_demo_registry()
    {
        var filings = StorageClients.FromConnectionString(env.Storage).Tables.GetTableClient(StorageNames.Default.Tables.Filings);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<FilingEntity> rows;
        while (true)
        {
            rows = [];
            await foreach (var row in filings.QueryAsync<FilingEntity>($"RowKey ne '{FilingKeys.PointerRowKey}'")) rows.Add(row);
            if (rows.Count >= env.OnlineSamples && rows.All(r => r.StatusValue != FilingStatus.Received)) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{rows.Count(r => r.StatusValue == FilingStatus.Received)} of {rows.Count} demo filings still Received");
            await Task.Delay(500);
        }

        var contradictions = rows.Where(r => RegistryCodes.Any(r.FindingsJson.Contains)).Select(r => $"{r.Form} {r.Mst} {r.Office}: {r.FindingsJson}").ToList();
        Assert.Empty(contradictions);
        var accepted = rows.Count(r => r.StatusValue == FilingStatus.Accepted);
        output.WriteLine(string.Join(", ", rows.GroupBy(r => r.Status).Select(g => $"{g.Key} {g.Count()}")));
        // The refund requests wait for an officer, for that reason.
        Assert.Equal(StatsEnvironment.RefundRequests, rows.Count(r => r.StatusValue == FilingStatus.NeedsReview && r.FindingsJson.Contains("GTGT-HOAN-THUE")));
        Assert.True(accepted >= rows.Count * 0.8, $"only {accepted} of {rows.Count} demo filings accepted: " +
            string.Join(", ", rows.GroupBy(r => r.Status).Select(g => $"{g.Key} {g.Count()}")));
    }
}
