using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FastDays.Benchmarks;

/// <summary>The options of `fit`.</summary>
internal sealed record FitBenchmarkOptions
{
    [Description("Fashion-MNIST: auto, full, tiny, or a folder of the four IDX .gz files")]
    public string Data { get; init; } = "auto";

    [Range(1, 100_000_000)]
    [Description("Training images")]
    public int Items { get; init; } = 10000;

    [Range(1, 100_000)]
    [Description("Epochs per run")]
    public int Epochs { get; init; } = 10;

    [Range(1, 65_536)]
    [Description("The batch size")]
    public int Bs { get; init; } = 128;

    [Range(0.0, 1000.0, MinimumIsExclusive = true)]
    [Description("Adam's learning rate")]
    public double Lr { get; init; } = 1e-3;

    [Range(1, 1000)]
    [Description("Alternating repeats of each loop")]
    public int Repeats { get; init; } = 2;
}
