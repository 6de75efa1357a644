using System.Diagnostics;

namespace FastDays.Examples.Cli;

/// <summary>Runs another program (Debian's Python or R) to its end.</summary>
internal static class ChildProcess
{
    /// <summary>Runs exe with these arguments; returns its exit code, standard output and standard error (read together, so neither pipe can fill
    /// and stall the child).</summary>
    public static (int ExitCode, string Output, string Error) Run(string exe, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {exe}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
