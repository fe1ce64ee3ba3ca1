using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(EFiling.Benchmarks.ValidationBenchmarks).Assembly).Run(args);
