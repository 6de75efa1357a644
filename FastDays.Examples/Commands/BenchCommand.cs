using FastDays.Examples.Cli;

namespace FastDays.Examples.Commands;

/// <summary>Runs one of the benchmarks: `bench NAME [options]`.</summary>
public sealed class BenchCommand : IExampleCommand
{
    /// <inheritdoc />
    public string Name => "bench";

    /// <inheritdoc />
    public string Summary => "run a benchmark: bench NAME [options] (bench alone lists them)";

    /// <inheritdoc />
    public int Run(CommandArgs args)
    {
        var word = args.Positionals.Count > 0 ? args.Positionals[0] : null;
        if (CommandCatalog.Pick(CommandCatalog.Find<IBenchmark>(), word, "benchmark", "benchmarks:") is not { } benchmark)
            return word is null ? 0 : 2;
        args.Positionals.RemoveAt(0);
        return benchmark.Run(args);
    }
}
