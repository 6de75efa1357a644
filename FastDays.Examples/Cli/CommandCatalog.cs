using System.CommandLine;
using System.Reflection;

namespace FastDays.Examples.Cli;

/// <summary>Finds the commands of a program by reflection and builds its command line.</summary>
internal static class CommandCatalog
{
    /// <summary>One instance of every concrete command in an assembly, by name.</summary>
    public static SortedDictionary<string, IExampleCommand> Find(Assembly assembly) => new(
        assembly.GetTypes()
            .Where(t => typeof(IExampleCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IExampleCommand)Activator.CreateInstance(t)!)
            .ToDictionary(c => c.Name, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>A program's command line: every command of its assembly, each with generated --help.</summary>
    public static RootCommand Root(Assembly assembly, string description)
    {
        var root = new RootCommand(description);
        foreach (var command in Find(assembly).Values) root.Subcommands.Add(command.CreateCommand());
        return root;
    }
}
