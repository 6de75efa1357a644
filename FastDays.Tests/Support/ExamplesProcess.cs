using System.Diagnostics;
using System.Text;

namespace FastDays.Tests.Support;

/// <summary>Runs the FastDays.Examples program in a child process (a new process, as a user runs it), optionally sending it a signal (SIGINT unless
/// another is named) when a line of its output matches.</summary>
public static class ExamplesProcess
{
    /// <summary>The program's path next to the test assembly.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "FastDays.Examples.dll");

    /// <summary>The benchmarks program's path next to the test assembly.</summary>
    public static string BenchmarksDll => Path.Combine(AppContext.BaseDirectory, "FastDays.Benchmarks.dll");

    /// <summary>Runs the program to its end (at most timeout) and returns its exit code and combined output.</summary>
    public static (int Code, string Output) Run(IEnumerable<string> args, Func<string, bool>? interruptWhen = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null, string signal = "INT")
    {
        var run = RunMeasured(args, interruptWhen, environment, timeout, signal);
        return (run.Code, run.Output);
    }

    /// <summary>Runs the program as Run does, and also says how long it took and its peak resident memory (the last VmHWM read from
    /// /proc/PID/status, polled every 10 ms; 0 where there is no /proc).</summary>
    public static (int Code, string Output, double Seconds, long PeakRss) RunMeasured(IEnumerable<string> args,
        Func<string, bool>? interruptWhen = null, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null,
        string signal = "INT")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var interrupted = 0;
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (interruptWhen is not null && interruptWhen(e.Data) && Interlocked.Exchange(ref interrupted, 1) == 0)
                using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                    kill?.WaitForExit();
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var status = $"/proc/{process.Id}/status";
        long peak = 0;
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        while (!process.WaitForExit(10))
        {
            peak = Math.Max(peak, FastDays.Examples.Cli.SelfProcess.StatusField(status, "VmHWM:") ?? 0);
            if (clock.Elapsed <= limit) continue;
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"FastDays.Examples {string.Join(' ', args)} did not finish:\n{output}");
        }
        process.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        lock (output) return (process.ExitCode, output.ToString(), seconds, peak);
    }
}
