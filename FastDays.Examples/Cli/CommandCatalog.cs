using System.CommandLine;
using System.Reflection;

namespace FastDays.Examples.Cli;

/// <summary>Finds the commands of this program by reflection (top-level commands and benchmarks alike) and builds its command line.</summary>
internal static class CommandCatalog
{
    /// <summary>One instance of every concrete T in this assembly (leaving out those that are also an except), by name.</summary>
    public static SortedDictionary<string, T> Find<T>(Type? except = null) where T : IExampleCommand => new(
        Assembly.GetExecutingAssembly().GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && except?.IsAssignableFrom(t) != true && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToDictionary(c => c.Name, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The program's command line: every command (bench holds the benchmarks), each with generated --help.</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand("FastDays examples: fastai-style training on TorchSharp. README command 1 is `train`.");
        foreach (var command in Find<IExampleCommand>(except: typeof(IBenchmark)).Values) root.Subcommands.Add(command.CreateCommand());
        return root;
    }
}
