using FastDays.Examples.Cli;

var commands = CommandCatalog.Find<IExampleCommand>(except: typeof(IBenchmark));
var word = args.Length > 0 && args[0] is not ("help" or "--help" or "-h") ? args[0] : null;
if (CommandCatalog.Pick(commands, word, "command", "usage: FastDays.Examples <command> [options]\n\ncommands:") is not { } command)
    return word is null ? 0 : 2;

try
{
    return command.Run(new CommandArgs(args[1..]));
}
catch (Exception e) when (IsInputError(e) || e is FastDays.Learning.CallbackException { InnerException: { } inner } && IsInputError(inner))
{
    Console.Error.WriteLine($"{command.Name}: error: {e.Message}");
    return 1;
}

// Errors a user can act on (a bad option, file or disk), reported in one line instead of a stack trace.
static bool IsInputError(Exception e) => e is ArgumentException or IOException or InvalidDataException or FormatException or UnauthorizedAccessException;
