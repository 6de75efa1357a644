using System.Diagnostics;
using System.Reflection;

namespace FastDays.Examples.Cli;

/// <summary>Runs this example program again as a child process with its own environment, for measurements of process-wide settings.</summary>
public static class SelfProcess
{
    /// <summary>Runs the program with arguments and extra environment variables (null removes one); returns its exit code and standard output.</summary>
    public static (int ExitCode, string Output) Run(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        // Under `dotnet FastDays.Examples.dll` the process is the dotnet host, which needs the program's path first.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
        {
            if (v is null) start.Environment.Remove(k);
            else start.Environment[k] = v;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host}");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    /// <summary>The minor page faults of this process so far (field 10 of /proc/self/stat), or -1 where there is no /proc.</summary>
    public static long MinorFaults()
    {
        if (!File.Exists("/proc/self/stat")) return -1;
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');   // after "pid (comm) ": field 3 is fields[0]
        return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
    }
}
