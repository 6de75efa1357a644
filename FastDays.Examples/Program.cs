var root = CommandCatalog.Root();
try
{
    return OptionsBinder.Invoke(root, args is [] or ["help"] ? ["--help"] : args);
}
catch (Exception e) when (IsInputError(e) || e is FastDays.Learning.CallbackException { InnerException: { } inner } && IsInputError(inner))
{
    var command = CommandName();
    Console.Error.WriteLine($"{command}: error: {OneLine(e)} ({(command == "FastDays.Examples" ? "" : command + " ")}--help lists the options)");
    return 1;
}
catch (System.Runtime.InteropServices.ExternalException e)
{
    // libtorch's messages carry a dump of native stack frames after their first line; the first line says what went wrong.
    Console.Error.WriteLine($"{CommandName()}: libtorch error: {e.Message.Split('\n')[0]}");
    return 1;
}

string CommandName() => args.Length > 0 && root.Subcommands.Any(c => c.Name == args[0]) ? args[0] : "FastDays.Examples";

// A refusal as one line: .NET adds " (Parameter 'name')" and, for a value out of range, "Actual value was …" on a line of its own.
static string OneLine(Exception e)
{
    var inner = e is FastDays.Learning.CallbackException { InnerException: { } i } ? i : e;
    var message = inner is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
    return message.ReplaceLineEndings(" ");
}

// Errors a user can act on (a bad option, file or disk), reported in one line instead of a stack trace.
static bool IsInputError(Exception e) => e is ArgumentException or IOException or InvalidDataException or FormatException or UnauthorizedAccessException;
