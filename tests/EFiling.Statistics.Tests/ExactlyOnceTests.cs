using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues;
using EFiling.Statistics;
using Xunit.Abstractions;

namespace EFiling.Statistics.Tests;

/// <summary>
/// The must-show: 1,000 mixed items, every message delivered twice through a real Azurite queue, counted by
/// 8 parallel workers; every node's counts are exact and the rebuild from the sources finds no difference.
/// </summary>
public sealed class ExactlyOnceTests(StatsStorage storage, ITestOutputHelper output) : IClassFixture<StatsStorage>
{
    private sealed record Message(string? FilingPartition, string? FilingId, CountedItem? Item);

    [Fact]
    public async Task Thousand_items_delivered_twice_to_eight_workers_are_counted_exactly_once()
    {
        var deliveries = MixedItems.Make(1000, seed: 1819);
        var index = storage.Index();
        var records = storage.Records();
        // The sources, as intake leaves them: filing rows in the index, paper filings and payments in their tables.
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (d, ct) =>
        {
            if (d.Filing is not null) await index.AddFilingAsync(d.Filing, ct);
            else await records.AddAsync(d.Item!, ct);
        });

        // Every message twice, in a shuffled order, on a real queue.
        var queue = storage.Clients.Queues.GetQueueClient("stats-" + Guid.NewGuid().ToString("N")[..12]);
        await queue.CreateAsync();
        try
        {
            var messages = deliveries.SelectMany(d => new[] { d, d })
                .Select(d => JsonSerializer.Serialize(new Message(d.Filing?.PartitionKey, d.Filing?.RowKey, d.Item)))
                .OrderBy(_ => Random.Shared.Next()).ToList();
            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (m, ct) => await queue.SendMessageAsync(m, ct));

            var filingItems = storage.FilingItems();
            var (processed, nodesCounted, nodesDuplicate) = (0, 0, 0);
            var clock = Stopwatch.StartNew();
            // Two instances (as two function hosts would be), four workers each: writers of one instance take turns per
            // partition, so the races between the instances go through the ETag and marker checks.
            var instances = new[] { storage.Counter(), storage.Counter() };
            var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                var counter = instances[w % instances.Length];
                while (Volatile.Read(ref processed) < messages.Count)
                {
                    var batch = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(5))).Value;
                    if (batch.Length == 0) { await Task.Delay(50); continue; }
                    // Like the host: a worker handles its batch concurrently.
                    await Task.WhenAll(batch.Select(async received =>
                    {
                        var message = JsonSerializer.Deserialize<Message>(received.MessageText)!;
                        var item = message.Item ?? filingItems.From((await index.GetAsync(message.FilingPartition!, message.FilingId!))!)!;
                        var outcome = await counter.CountAsync(item);
                        Interlocked.Add(ref nodesCounted, outcome.NodesCounted);
                        Interlocked.Add(ref nodesDuplicate, outcome.NodesAlreadyCounted);
                        await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
                        Interlocked.Increment(ref processed);
                    }));
                }
            })).ToArray();
            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(5));
            output.WriteLine($"{messages.Count} deliveries counted by 8 workers in {clock.Elapsed.TotalSeconds:F1} s");

            // Each item counted in its 9 nodes once; its second delivery counted nowhere.
            Assert.Equal(1000 * 9, nodesCounted);
            Assert.Equal(1000 * 9, nodesDuplicate);
        }
        finally
        {
            await queue.DeleteAsync();
        }

        // Every node (office, province, nation × month, quarter, year) holds exactly the plain count.
        var expected = MixedItems.Expected(deliveries.Select(d => d.Truth));
        var reader = storage.Reader();
        var cost = new ReadCost();
        foreach (var ((scope, period), counts) in expected)
        {
            Assert.True(StatsPeriod.TryParse(period, out var p));
            var node = await reader.ReadAsync(GeoScope.FromKey(scope), p, cost);
            Assert.Equal(counts.OrderBy(c => c.Key), node.Values.OrderBy(c => c.Key));
        }
        Assert.Contains(expected.Keys, k => k.Scope == "nation:VN" && k.Period == "2025-Y");
        Assert.Empty((await reader.ReadAsync(GeoScope.Nation, StatsPeriod.Month(2025, 12), cost)).Values);

        // The breakdown lists exactly the scopes one level down that have counts.
        var provinces = await reader.ChildrenAsync(GeoScope.Nation, StatsPeriod.OfYear(2025), cost);
        Assert.Equal(["101", "501", "701"], provinces.Select(p => p.Code).Order());

        var report = await storage.Rebuilder().RunAsync(fix: false);
        Assert.Equal(1000, report.Items);
        Assert.Empty(report.Differences);
    }
}
