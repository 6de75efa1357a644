using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `tabular`.</summary>
internal sealed record TabularBenchmarkOptions
{
    [Range(1, 100_000_000)]
    [Description("Rows of the synthetic table")]
    public int Rows { get; init; } = 1_000_000;

    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 1024;

    [Description("Where the CSV file is written (and reused when it exists)")]
    public string Out { get; init; } = "runs/bench-tabular";
}
