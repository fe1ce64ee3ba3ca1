namespace EFiling.Cli.Submission;

/// <summary>Counts and timings of a submit run, as the summary table and the --json output show them.</summary>
public sealed record SubmitSummary(int Files, int Accepted, int AlreadyFiled, int Refused, int Failed,
    IReadOnlyDictionary<string, int> RefusedByCode, double Seconds, double PerSecond, double P50Ms, double P99Ms)
{
    public static SubmitSummary From(IReadOnlyList<SubmitOutcome> outcomes, TimeSpan elapsed)
    {
        var latencies = outcomes.Where(o => o.Failure is null).Select(o => o.Latency.TotalMilliseconds).Order().ToArray();
        return new SubmitSummary(
            outcomes.Count,
            outcomes.Count(o => o.Status == 202),
            outcomes.Count(o => o.Status == 200),
            outcomes.Count(o => o.Status >= 400),
            outcomes.Count(o => o.Failure is not null),
            outcomes.SelectMany(o => o.ErrorCodes).GroupBy(c => c).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()),
            elapsed.TotalSeconds,
            outcomes.Count / Math.Max(elapsed.TotalSeconds, 1e-9),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
