
namespace FastDays.Examples.Cli;

/// <summary>Debian's R (r-base-core), which reads the data sets R packages ship (janeaustenr, modeldata) and writes them as CSV.</summary>
internal static class DebianR
{
    /// <summary>The script runner's path.</summary>
    public const string Path = "/usr/bin/Rscript";

    /// <summary>Whether R is there.</summary>
    public static bool Exists => File.Exists(Path);

    /// <summary>Runs an R expression to its end; a failure is an IOException with R's first error line and the packages that provide what is missing.
    /// </summary>
    public static void Run(string expression, string packages)
    {
        if (!Exists) throw new FileNotFoundException($"{Path} not found: install the data with `apt-get install {packages}`");
        var (code, _, error) = ChildProcess.Run(Path, ["-e", expression]);
        if (code != 0)
        {
            var message = error.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Error", StringComparison.Ordinal)) ?? "no message";
            // An IOException, so that the examples report it in one line: a missing R package is the machine's state, not a bug.
            throw new IOException($"Rscript failed ({message}): install the data with `apt-get install {packages}`");
        }
    }
}
