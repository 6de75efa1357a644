using FastDays.Examples.Cli;

namespace FastDays.Tests.Support;

/// <summary>Runs an example command in this process, as the program would with these words after the command's name, capturing what it prints.</summary>
internal static class CommandRunner
{
    /// <summary>The exit code and the combined standard output and error; exceptions propagate as they would to the program's handler.</summary>
    public static (int Code, string Output) Run(IExampleCommand command, params string[] args)
    {
        var (saved, savedError) = (Console.Out, Console.Error);
        using var writer = new StringWriter();
        Console.SetOut(writer);
        Console.SetError(writer);
        try { return (OptionsBinder.Invoke(command.CreateCommand(), args), writer.ToString()); }
        finally { Console.SetOut(saved); Console.SetError(savedError); }
    }
}
