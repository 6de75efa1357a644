namespace FastDays.Examples.Cli;

/// <summary>One benchmark run by `bench NAME`; implementations are discovered by reflection.</summary>
public interface IBenchmark
{
    /// <summary>The word that selects the benchmark, such as fit.</summary>
    string Name { get; }

    /// <summary>A one-line description for the usage text.</summary>
    string Summary { get; }

    /// <summary>Runs the benchmark, printing its measurements, and returns the process exit code.</summary>
    int Run(CommandArgs args);
}
