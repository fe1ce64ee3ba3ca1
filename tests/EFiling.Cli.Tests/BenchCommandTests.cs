namespace EFiling.Cli.Tests;

/// <summary>`efiling bench`: one command holding every benchmark measured against a same-run reference.</summary>
public sealed class BenchCommandTests
{
    [Theory]
    [InlineData("intake")]
    [InlineData("verify")]
    public void Both_benchmarks_are_subcommands_of_one_bench_command(string benchmark)
    {
        var run = Efiling.Exec("bench", benchmark, "--help");
        Assert.True(run.ExitCode == 0, run.Err);
        Assert.Contains($"bench {benchmark}", run.Out);
    }
}
