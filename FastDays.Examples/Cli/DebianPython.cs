namespace FastDays.Examples.Cli;

/// <summary>Debian's /usr/bin/python3 (with its python3-torch, -torchvision, -sklearn, NumPy), which some examples run as a reference.</summary>
internal static class DebianPython
{
    /// <summary>The interpreter's path.</summary>
    public const string Path = "/usr/bin/python3";

    /// <summary>Whether the interpreter is there.</summary>
    public static bool Exists => File.Exists(Path);

    /// <summary>Runs the interpreter with these arguments to its end; returns its exit code, standard output and standard error (read together, so
    /// neither pipe can fill and stall the child).</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] args) => ChildProcess.Run(Path, args);
}
