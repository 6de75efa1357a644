using System.ComponentModel;

namespace FastDays.Examples.Commands;

/// <summary>The options of `bench tabular`.</summary>
public sealed record TabularBenchmarkOptions
{
    /// <summary>Rows of the synthetic table.</summary>
    [Description("Rows of the synthetic table")]
    public int Rows { get; init; } = 1_000_000;

    /// <summary>The batch size.</summary>
    [Description("The batch size")]
    public int Bs { get; init; } = 1024;

    /// <summary>Where the CSV file is written (and reused).</summary>
    [Description("Where the CSV file is written (and reused when it exists)")]
    public string Out { get; init; } = "runs/bench-tabular";
}
