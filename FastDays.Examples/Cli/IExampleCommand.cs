using System.CommandLine;

namespace FastDays.Examples.Cli;

/// <summary>One example command of the FastDays.Examples program; implementations are discovered by reflection.</summary>
internal interface IExampleCommand
{
    /// <summary>The word that selects the command, such as train.</summary>
    string Name { get; }

    /// <summary>A one-line description for the usage text.</summary>
    string Summary { get; }

    /// <summary>The System.CommandLine command: its options and arguments (with generated --help) and the action that runs it.</summary>
    Command CreateCommand();
}
