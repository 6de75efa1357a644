using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FastDays.Examples.Train;

namespace FastDays.Benchmarks;

/// <summary>The options of `precision`.</summary>
internal sealed record PrecisionBenchmarkOptions : NetworkSetup
{
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    [Range(1, 100_000)]
    [Description("Epochs per run")]
    public int Epochs { get; init; } = 3;

    [Range(1, 100_000_000)]
    [Description("Training images")]
    public int Items { get; init; } = 60000;

    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 128;

    [Range(1, 1000)]
    [Description("Runs of each precision and memory format")]
    public int Repeats { get; init; } = 1;
}
