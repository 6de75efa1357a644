using System.CommandLine;

namespace FastDays.Examples.Cli;

/// <summary>A command whose options are one typed record, bound from its config file (when it has one) and the command line.</summary>
/// <typeparam name="TOptions">The options record: one --option per init property, defaults from its initializers, help from [Description].</typeparam>
internal abstract class ExampleCommand<TOptions> : IExampleCommand where TOptions : class, new()
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Summary { get; }

    /// <summary>Runs the command with bound options and returns the process exit code.</summary>
    public abstract int Run(TOptions options);

    /// <inheritdoc />
    public Command CreateCommand() => OptionsBinder.CreateCommand<TOptions>(Name, Summary, Run);
}
