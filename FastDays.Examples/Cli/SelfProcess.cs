using System.Diagnostics;
using System.Reflection;

namespace FastDays.Examples.Cli;

/// <summary>Runs this example program again as a child process with its own environment, for measurements of process-wide settings.</summary>
internal static class SelfProcess
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

    /// <summary>How far this process's resident memory rose above where it stood while action ran (Linux: the peak VmHWM, reset first through
    /// /proc/self/clear_refs), in bytes; -1 where /proc cannot say.</summary>
    public static long PeakGrowth(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ResetPeakRss();
        var before = StatusField("/proc/self/status", "VmRSS:");
        action();
        var peak = StatusField("/proc/self/status", "VmHWM:");
        return before is { } b && peak is { } p ? Math.Max(0, p - b) : -1;
    }

    /// <summary>Lets the kernel start measuring the peak resident memory again from now (Linux: 5 written to /proc/self/clear_refs).</summary>
    public static void ResetPeakRss()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>This process's resident memory now, in bytes.</summary>
    public static long CurrentRss() => StatusField("/proc/self/status", "VmRSS:") ?? Environment.WorkingSet;

    /// <summary>This process's peak resident memory since the last ResetPeakRss, in bytes.</summary>
    public static long PeakRss() => StatusField("/proc/self/status", "VmHWM:") ?? Environment.WorkingSet;

    /// <summary>A kB field of a /proc status file (such as VmHWM: of /proc/PID/status) in bytes, or null when the file or field is not there.</summary>
    public static long? StatusField(string statusFile, string name)
    {
        try
        {
            var line = File.ReadLines(statusFile).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[name.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
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
