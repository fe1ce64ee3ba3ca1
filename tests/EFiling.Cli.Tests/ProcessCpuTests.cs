using System.Net;
using System.Net.Sockets;
using EFiling.Cli.Bench;

namespace EFiling.Cli.Tests;

/// <summary>`efiling bench intake`'s CPU figures: a process's CPU time between two reads, and the process behind a port.</summary>
public sealed class ProcessCpuTests
{
    [Fact]
    public void Cpu_spent_between_two_reads_is_counted_per_operation()
    {
        var cpu = ProcessCpu.For(("this process", Environment.ProcessId), ("no such process", null));
        var before = cpu.Read();
        // At least 200 ms of this process's CPU (however long a loaded machine makes that take).
        var start = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        while (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - start < TimeSpan.FromMilliseconds(200)) Thread.SpinWait(1000);
        var after = cpu.Read();

        var perOperation = ProcessCpu.PerOperation(before, after, 10);
        Assert.True(perOperation[0] >= 20, $"{perOperation[0]} ms per operation");
        Assert.Null(perOperation[1]);
        Assert.Equal(["this process", "no such process", "whole machine"], cpu.Names);
        Assert.Contains("no such process", cpu.Note);
        if (OperatingSystem.IsLinux()) Assert.True(perOperation[2] >= perOperation[0] * 0.5, "the whole machine's busy time includes this process's");
    }

    [Fact]
    public void The_process_listening_on_a_port_is_found_on_Linux()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Assert.Equal(OperatingSystem.IsLinux() ? Environment.ProcessId : null, ProcessCpu.ListeningOn(port));
        listener.Stop();
        Assert.Null(ProcessCpu.ListeningOn(port));
    }

    [Fact]
    public async Task Waiting_for_quiet_lasts_while_a_watched_process_is_busy()
    {
        if (!OperatingSystem.IsLinux()) return; // other processes' CPU is read on Linux only
        // A process spinning for 2 to 3 s, then gone; and one asleep the whole time.
        using var busy = System.Diagnostics.Process.Start("perl", ["-e", "$end = time() + 3; 1 while time() < $end"]);
        using var idle = System.Diagnostics.Process.Start("sleep", ["30"]);
        try
        {
            var window = TimeSpan.FromMilliseconds(250);
            var quiet = await ProcessCpu.For(("idle", idle.Id)).WaitUntilQuietAsync(window, share: 0.05, limit: TimeSpan.FromSeconds(20), CancellationToken.None);
            Assert.True(quiet < TimeSpan.FromSeconds(2), $"an idle process is quiet after one window, not {quiet}");
            var waited = await ProcessCpu.For(("busy", busy.Id)).WaitUntilQuietAsync(window, share: 0.05, limit: TimeSpan.FromSeconds(20), CancellationToken.None);
            Assert.True(waited >= TimeSpan.FromSeconds(1) && waited < TimeSpan.FromSeconds(20), $"waited {waited} for a process busy for 2 to 3 s");
        }
        finally
        {
            idle.Kill();
            if (!busy.HasExited) busy.Kill();
        }
    }
}
