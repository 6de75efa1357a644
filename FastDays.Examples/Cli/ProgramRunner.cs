using System.CommandLine;

namespace FastDays.Examples.Cli;

/// <summary>Runs a program's command line (the examples', the benchmarks'): help when no command is given, and errors a user can act on — a bad
/// option, file or disk — reported in one line with exit code 1 instead of a stack trace.</summary>
internal static class ProgramRunner
{
    /// <summary>The exit code of running args against root.</summary>
    public static int Run(RootCommand root, string[] args, string program)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        var command = args.Length > 0 && root.Subcommands.Any(c => c.Name == args[0]) ? args[0] : program;
        try
        {
            return OptionsBinder.Invoke(root, args is [] or ["help"] ? ["--help"] : args);
        }
        catch (Exception e) when (IsInputError(e) || e is Learning.CallbackException { InnerException: { } inner } && IsInputError(inner))
        {
            Console.Error.WriteLine($"{command}: error: {OneLine(e)} ({(command == program ? "" : command + " ")}--help lists the options)");
            return 1;
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            // libtorch's messages carry a dump of native stack frames after their first line; the first line says what went wrong.
            Console.Error.WriteLine($"{command}: libtorch error: {e.Message.Split('\n')[0]}");
            return 1;
        }
    }

    // A refusal as one line: .NET adds " (Parameter 'name')" and, for a value out of range, "Actual value was …" on a line of its own.
    private static string OneLine(Exception e)
    {
        var inner = e is Learning.CallbackException { InnerException: { } i } ? i : e;
        var message = inner is ArgumentException { ParamName: { } name }
            ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
        return message.ReplaceLineEndings(" ");
    }

    private static bool IsInputError(Exception e) =>
        e is ArgumentException or IOException or InvalidDataException or FormatException or UnauthorizedAccessException;
}
