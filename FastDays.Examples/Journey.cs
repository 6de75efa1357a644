using System.Reflection;

namespace FastDays.Examples;

/// <summary>The examples as the notebooks (or any program that loads FastDays.Examples) run them: a command by name with its options as command-line
/// words, as `dotnet run --project FastDays.Examples -- COMMAND OPTIONS` would.</summary>
public static class Journey
{
    /// <summary>Runs the command (day1, logreg, mnist-basics, tabular, …) with options such as "--out", "runs/x"; returns its exit code.</summary>
    public static int Run(string command, params string[] options)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(options);
        var root = CommandCatalog.Root(Assembly.GetExecutingAssembly(), "FastDays examples");
        return OptionsBinder.Invoke(root, [command, .. options]);
    }
}
