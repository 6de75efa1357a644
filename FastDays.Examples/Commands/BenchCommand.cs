using System.Reflection;
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
        var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
            .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
            .ToDictionary(b => b.Name, StringComparer.Ordinal);
        if (args.Positionals.Count == 0 || !benchmarks.TryGetValue(args.Positionals[0], out var benchmark))
        {
            if (args.Positionals.Count > 0) Console.Error.WriteLine($"unknown benchmark '{args.Positionals[0]}'");
            Console.Error.WriteLine("benchmarks:");
            foreach (var b in benchmarks.Values.OrderBy(b => b.Name, StringComparer.Ordinal)) Console.Error.WriteLine($"  {b.Name,-14} {b.Summary}");
            return args.Positionals.Count == 0 ? 0 : 2;
        }
        args.Positionals.RemoveAt(0);
        return benchmark.Run(args);
    }
}
