using System.CommandLine;

namespace FastDays.Examples.Commands;

/// <summary>`bench NAME [options]`: the benchmarks, each a subcommand with options of its own.</summary>
public sealed class BenchCommand : IExampleCommand
{
    /// <inheritdoc />
    public string Name => "bench";

    /// <inheritdoc />
    public string Summary => "Run a benchmark (bench NAME --help lists its options)";

    /// <inheritdoc />
    public Command CreateCommand()
    {
        var command = new Command(Name, Summary);
        foreach (var benchmark in CommandCatalog.Find<IBenchmark>().Values) command.Subcommands.Add(benchmark.CreateCommand());
        return command;
    }
}
