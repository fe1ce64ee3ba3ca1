using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using EFiling.Statistics;
using EFiling.Storage;
using Xunit.Abstractions;

namespace EFiling.Statistics.Tests;

/// <summary>
/// The cost of one GET /api/stats for a province of 50 offices, counted on the wire (an HTTP pipeline policy on the
/// table client): the province's 4 shards, one page of its child rows, one point read per office (1 shard each).
/// </summary>
public sealed class ReadCostTests(StatsStorage storage, ITestOutputHelper output) : IClassFixture<StatsStorage>
{
    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private int _requests;
        public int Requests => _requests;
        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _requests);
    }

    [Fact]
    public async Task A_province_of_fifty_offices_costs_one_read_per_shard_and_office_and_one_child_page()
    {
        var counter = storage.Counter();
        var offices = Enumerable.Range(0, 50).Select(i => $"888{i:00}").ToList();
        var items = MixedItems.Make(50, seed: 50).Select(d => d.Truth)
            .Select((t, i) => t with { Source = CountedItem.CounterFiling, Id = $"COST-{i}", Office = offices[i], OfficeName = null, Date = new DateOnly(2024, 3, 10) });
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, ct) => await counter.CountAsync(item, ct));

        var policy = new CountingPolicy();
        var options = new TableClientOptions();
        options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        var connection = Environment.GetEnvironmentVariable("EFILING_TEST_STORAGE")!;
        var clients = new StorageClients { Blobs = storage.Clients.Blobs, Queues = storage.Clients.Queues, Tables = new TableServiceClient(connection, options) };
        var service = new StatsService(new StatsReader(clients, storage.Names, storage.Indicators), storage.Indicators);

        var timings = new List<double>();
        StatsAnswer? answer = null;
        for (var run = 0; run < 7; run++)
        {
            var before = policy.Requests;
            var clock = Stopwatch.StartNew();
            answer = await service.AnswerAsync(storage.Indicators.Indicators, StatsPeriod.OfYear(2024), GeoScope.Province("888"), StatsService.Breakdown.Default);
            timings.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(answer.TableReads, policy.Requests - before);
        }
        Assert.Equal(4 + 1 + 50, answer!.TableReads);
        Assert.Equal(50, answer.Indicators[0].Breakdown.Count);
        timings.Sort();
        output.WriteLine($"GET /api/stats?province=888 (50 offices): {answer.TableReads} table requests; latency on Azurite median {timings[3]:F0} ms, min {timings[0]:F0} ms, max {timings[^1]:F0} ms");
    }
}
