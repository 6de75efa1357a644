using System.Reflection;

namespace FastDays.Examples.Cli;

/// <summary>Finds the commands of this program by reflection (top-level commands and benchmarks alike) and prints their usage.</summary>
internal static class CommandCatalog
{
    /// <summary>One instance of every concrete T in this assembly (leaving out those that are also an except), by name.</summary>
    public static SortedDictionary<string, T> Find<T>(Type? except = null) where T : IExampleCommand => new(
        Assembly.GetExecutingAssembly().GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && except?.IsAssignableFrom(t) != true && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToDictionary(c => c.Name, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Looks up the command named by word; when absent (or unknown, which is reported), prints the list under title and returns null.</summary>
    public static T? Pick<T>(IReadOnlyDictionary<string, T> commands, string? word, string kind, string title) where T : IExampleCommand
    {
        if (word is not null && commands.TryGetValue(word, out var command)) return command;
        if (word is not null) Console.Error.WriteLine($"unknown {kind} '{word}'");
        Console.Error.WriteLine(title);
        foreach (var c in commands.Values) Console.Error.WriteLine($"  {c.Name,-14} {c.Summary}");
        return default;
    }
}
