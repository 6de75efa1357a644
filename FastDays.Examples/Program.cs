using System.Reflection;
using FastDays.Examples.Cli;

var commands = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IExampleCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IExampleCommand)Activator.CreateInstance(t)!)
    .OrderBy(c => c.Name, StringComparer.Ordinal)
    .ToDictionary(c => c.Name, StringComparer.Ordinal);

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    if (args.Length > 0 && args[0] is not ("help" or "--help" or "-h")) Console.Error.WriteLine($"unknown command '{args[0]}'");
    Console.Error.WriteLine("usage: FastDays.Examples <command> [options]\n\ncommands:");
    foreach (var c in commands.Values) Console.Error.WriteLine($"  {c.Name,-14} {c.Summary}");
    return args.Length == 0 || args[0] is "help" or "--help" or "-h" ? 0 : 2;
}

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
