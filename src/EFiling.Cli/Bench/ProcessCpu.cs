using System.Diagnostics;
using System.Globalization;

namespace EFiling.Cli.Bench;

/// <summary>
/// CPU time (user + system) spent by the processes of a benchmark — storage emulator, app, the bench client itself —
/// read before and after each timed phase, so the figures say where the CPU of one filing goes. On Linux .NET reads a
/// process's times from <c>/proc/PID/stat</c> (utime + stime); elsewhere other processes' times are not read.
/// </summary>
public sealed class ProcessCpu
{
    private readonly IReadOnlyList<(string Name, int? Pid)> _processes;

    private ProcessCpu(IReadOnlyList<(string Name, int? Pid)> processes) => _processes = processes;

    /// <summary>The processes to watch, by name; a null pid is shown as not measured (with <see cref="Note"/>).</summary>
    public static ProcessCpu For(params (string Name, int? Pid)[] processes) => new(processes);

    /// <summary>The columns of <see cref="Read"/>: the processes, then the whole machine.</summary>
    public IEnumerable<string> Names => [.. _processes.Select(p => p.Name), "whole machine"];

    /// <summary>Why some processes are not measured, or null when all are.</summary>
    public string? Note => _processes.Where(p => p.Pid is null).Select(p => p.Name).ToList() is { Count: > 0 } missing
        ? $"CPU of {string.Join(", ", missing)} not measured ({(OperatingSystem.IsLinux() ? "process not found: pass its --…-pid" : "other processes' CPU is read on Linux only")})"
        : null;

    /// <summary>Each process's CPU time so far (null where not measured), then the whole machine's busy time (all
    /// processes, all cores: what the others sharing the machine used shows as the difference).</summary>
    public TimeSpan?[] Read() => [.. _processes.Select(p => p.Pid is { } pid ? CpuOf(pid) : null), MachineBusy()];

    /// <summary>CPU milliseconds per operation of each process between two <see cref="Read"/>s.</summary>
    public static double?[] PerOperation(TimeSpan?[] before, TimeSpan?[] after, int operations) =>
        before.Zip(after, (b, a) => b is { } x && a is { } y ? (y - x).TotalMilliseconds / Math.Max(operations, 1) : (double?)null).ToArray();

    /// <summary>
    /// Waits until every watched process has been quiet — under <paramref name="share"/> of one core over each
    /// <paramref name="window"/> — or <paramref name="limit"/> has passed, and says how long that took. After a warm-up
    /// the runtime goes on compiling the hot methods again, optimised, on a background thread: on a small machine that
    /// is seconds of CPU, which must not fall into a timed phase.
    /// </summary>
    public async Task<TimeSpan> WaitUntilQuietAsync(TimeSpan window, double share, TimeSpan limit, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var before = Read();
        while (clock.Elapsed < limit)
        {
            await Task.Delay(window, ct);
            var after = Read();
            var busiest = _processes.Select((_, i) => before[i] is { } b && after[i] is { } a ? (a - b) / window : 0).DefaultIfEmpty(0).Max();
            if (busiest < share) break;
            before = after;
        }
        return clock.Elapsed;
    }

    private static TimeSpan? CpuOf(int pid)
    {
        if (pid == Environment.ProcessId) return Process.GetCurrentProcess().TotalProcessorTime;
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null; // gone
        }
    }

    /// <summary>Busy time of all cores since boot, from the first line of <c>/proc/stat</c> (user, nice, system, irq,
    /// softirq, steal; in USER_HZ ticks, 100 a second on Linux), or null when not on Linux.</summary>
    private static TimeSpan? MachineBusy()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/stat")) return null;
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => f.Length > i ? long.Parse(f[i], CultureInfo.InvariantCulture) : 0;
        var ticks = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
        return TimeSpan.FromMilliseconds(ticks * 10.0);
    }

    /// <summary>
    /// The process listening on a local TCP port (Linux: the socket's inode in <c>/proc/net/tcp{,6}</c>, then the
    /// process holding it among <c>/proc/*/fd</c>), or null when none is found or not on Linux.
    /// </summary>
    public static int? ListeningOn(int port)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var inodes = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 10 || f[3] != "0A") continue; // 0A = LISTEN
                if (int.Parse(f[1][(f[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port) inodes.Add(f[9]);
            }
        if (inodes.Count == 0) return null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFiles(Path.Combine(dir, "fd")))
                    if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal)
                        && inodes.Contains(target[8..^1]))
                        return pid;
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // another user's process, or gone
            }
        }
        return null;
    }
}
