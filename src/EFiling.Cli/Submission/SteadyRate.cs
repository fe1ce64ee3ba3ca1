using System.Diagnostics;

namespace EFiling.Cli.Submission;

/// <summary>
/// Offers items at a steady rate (an open-loop arrival: item i starts at i / rate seconds, whatever the answers to the
/// earlier ones), with at most <c>maxInFlight</c> at once; when that many are in flight the next start waits, and the
/// offered rate falls below the target (the caller reports the rate achieved).
/// </summary>
public static class SteadyRate
{
    /// <returns>When the last item started, on <paramref name="clock"/>.</returns>
    public static async Task<TimeSpan> RunAsync<T>(IReadOnlyList<T> items, double perSecond, int maxInFlight, Stopwatch clock,
        Func<T, CancellationToken, ValueTask> send, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(maxInFlight);
        var running = new List<Task>(items.Count);
        var start = clock.Elapsed;
        var lastStart = start;
        for (var i = 0; i < items.Count; i++)
        {
            // Never early: a timer may fire a few milliseconds before its time (the runtime's coarse tick, a loaded
            // machine), so wait again until the clock has really reached the item's start.
            var due = start + TimeSpan.FromSeconds(i / perSecond);
            for (var wait = due - clock.Elapsed; wait > TimeSpan.Zero; wait = due - clock.Elapsed)
                await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, ct);
            await slots.WaitAsync(ct);
            lastStart = clock.Elapsed;
            var item = items[i];
            running.Add(Task.Run(async () =>
            {
                try { await send(item, ct); }
                finally { slots.Release(); }
            }, ct));
        }
        await Task.WhenAll(running);
        return lastStart - start;
    }
}
