using System.Diagnostics;
using System.Security.Cryptography;

namespace FastDays.Tests.Support;

/// <summary>Runs the PyTorch fixture scripts in FastDays.Tests/Fixtures once, caching their output by the script's hash.</summary>
public static class PythonFixtures
{
    private static readonly Lock Gate = new();

    /// <summary>The repository root (the folder holding FastDays.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The Python that has Debian's python3-torch: FASTDAYS_PYTHON, else /usr/bin/python3.</summary>
    public static string Python => Environment.GetEnvironmentVariable("FASTDAYS_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    /// <summary>Runs FastDays.Tests/Fixtures/{script} with an output folder argument unless its output is current; returns the folder.</summary>
    public static string Generate(string script)
    {
        var source = Path.Combine(RepoRoot, "FastDays.Tests", "Fixtures", script);
        if (!File.Exists(source)) throw new FileNotFoundException($"fixture script {source} is missing", source);
        var output = Path.Combine(RepoRoot, "FastDays.Tests", "Fixtures", "generated", Path.GetFileNameWithoutExtension(script));
        var stamp = Path.Combine(output, ".stamp");
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(source)));
        lock (Gate)
        {
            if (File.Exists(stamp) && File.ReadAllText(stamp) == hash) return output;
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            Directory.CreateDirectory(output);
            var info = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
            info.ArgumentList.Add(source);
            info.ArgumentList.Add(output);
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Python}");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException(
                    $"{script} failed (exit {process.ExitCode}); it needs Debian's python3-torch and python3-torchvision " +
                    $"(scripts/test.sh installs them):\n{stdout}\n{stderr.Result}");
            File.WriteAllText(stamp, hash);
            return output;
        }
    }

    /// <summary>Runs a Python snippet (`python3 -c script args…`); returns its standard output, or fails the test with its standard error.</summary>
    public static string RunInline(string script, params string[] args)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", script }.Concat(args)) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Python}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, error.Result);
        return output;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FastDays.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"FastDays.sln not found above {AppContext.BaseDirectory}");
    }
}
